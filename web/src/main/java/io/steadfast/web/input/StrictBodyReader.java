package io.steadfast.web.input;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.Provider;

import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Type;

/**
 * Reads every {@link JsonBody} request body through {@link JsonFields}, so that all of them (the
 * payment, capture, refund, cart add and checkout bodies) share one strict reading, and the
 * resources keep their typed parameters (and the OpenAPI document its schemas). An empty body
 * reads as null, as it did with JSON-B, and the resource answers that a body is required.
 */
@Provider
@Consumes({MediaType.APPLICATION_JSON, "application/*+json", "text/json"})
public class StrictBodyReader implements MessageBodyReader<JsonBody> {

    private static final ClassValue<MethodHandle> FACTORIES = new ClassValue<>() {
        @Override
        protected MethodHandle computeValue(Class<?> type) {
            try {
                return MethodHandles.publicLookup().findStatic(type, "from", MethodType.methodType(type, JsonFields.class));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(type.getName() + " implements JsonBody but declares no public static from(JsonFields)", e);
            }
        }
    };

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return JsonBody.class.isAssignableFrom(type);
    }

    @Override
    public JsonBody readFrom(Class<JsonBody> type, Type genericType, Annotation[] annotations, MediaType mediaType,
                             MultivaluedMap<String, String> httpHeaders, InputStream entityStream) throws IOException {
        return read(type, JsonFields.parse(entityStream.readAllBytes()));
    }

    /** {@code type}'s {@code from(fields)}, or null for no body. */
    public static <T extends JsonBody> T read(Class<T> type, JsonFields fields) {
        if (fields == null) {
            return null;
        }
        try {
            return type.cast(FACTORIES.get(type).invoke(fields));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
