/**
 * Strict reading of client input: JSON bodies read with JSON-P and checked value type by value
 * type ({@link io.steadfast.web.input.JsonFields}), the one rule for the characters a text field
 * may hold and the one way a client's value is echoed into a problem detail
 * ({@link io.steadfast.web.input.Text}).
 */
package io.steadfast.web.input;
