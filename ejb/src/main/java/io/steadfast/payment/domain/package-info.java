/** The payment aggregate and its value objects, mapped with JPA. */
package io.steadfast.payment.domain;
