/** The payment use cases as EJB interfaces, with their commands and views. Implementations live in {@code internal}. */
package io.steadfast.payment.application;
