/** The storefront's payment API: JSON records in, JSON records out, problems for errors. */
package io.steadfast.payment.interfaces.rest;
