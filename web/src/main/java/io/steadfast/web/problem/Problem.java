package io.steadfast.web.problem;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * An RFC 9457 problem document.
 *
 * @param type   a URI naming the kind of problem, {@code urn:steadfast:problem:<slug>}
 * @param title  a short, fixed summary of the kind
 * @param status the HTTP status
 * @param detail what went wrong this time, written for the client's developer
 */
public record Problem(String type, String title, int status, String detail) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_PREFIX = "urn:steadfast:problem:";

    public static Problem of(Response.Status status, String slug, String title, String detail) {
        return of(status.getStatusCode(), slug, title, detail);
    }

    /** For statuses that {@link Response.Status} does not name, such as 422. */
    public static Problem of(int status, String slug, String title, String detail) {
        return new Problem(TYPE_PREFIX + slug, title, status, detail);
    }

    public Response toResponse() {
        return Response.status(status).type(MediaType.valueOf(MEDIA_TYPE)).entity(this).build();
    }
}
