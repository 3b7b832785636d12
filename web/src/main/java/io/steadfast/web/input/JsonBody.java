package io.steadfast.web.input;

/**
 * A request body that JAX-RS reads with {@link StrictBodyReader} instead of JSON-B. The
 * implementing type (a record) declares {@code public static T from(JsonFields fields)}, which
 * reads each field with the strict {@link JsonFields} getters.
 */
public interface JsonBody {
}
