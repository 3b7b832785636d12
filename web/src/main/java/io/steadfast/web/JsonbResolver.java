package io.steadfast.web;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;

/**
 * One JSON-B instance for every request and response body. Without it RESTEasy's JSON-B provider
 * worked with a fresh Yasson context per request, and Yasson rebuilt its model of each class by
 * reflection every time: a profile of the no-op endpoint under load spent most of its CPU there
 * (see PERFORMANCE.md). Yasson's {@code Jsonb} is thread-safe and caches those models.
 */
@Provider
public class JsonbResolver implements ContextResolver<Jsonb> {

    /** The instance, also for resources that parse a body themselves. */
    public static final Jsonb JSONB = JsonbBuilder.create();

    @Override
    public Jsonb getContext(Class<?> type) {
        return JSONB;
    }
}
