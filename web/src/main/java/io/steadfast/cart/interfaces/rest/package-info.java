/** The shopper's session cart: add, remove, view, checkout. State lives in the HTTP session, Serializable only. */
package io.steadfast.cart.interfaces.rest;
