package io.steadfast.web.problem;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;

/**
 * An RFC 9457 problem document.
 *
 * @param type   a URI naming the kind of problem, {@code urn:steadfast:problem:<slug>}
 * @param title  a short, fixed summary of the kind
 * @param status the HTTP status
 * @param detail what went wrong this time, written for the client's developer
 */
@Schema(name = "Problem",
        description = "An RFC 9457 problem document (application/problem+json). type names the kind of problem and is what a "
                + "client should branch on; title is fixed per type; detail says what went wrong this time. Clients ignore "
                + "members they do not know.",
        example = "{\"type\": \"urn:steadfast:problem:invalid-request\", \"title\": \"Invalid request\", \"status\": 400, "
                + "\"detail\": \"currency: must be an ISO 4217 currency code such as EUR or USD\"}",
        properties = @SchemaProperty(name = "instance", type = SchemaType.STRING, format = "uri-reference",
                description = "RFC 9457's reference to this occurrence; not sent by this version of the API."))
public record Problem(
        @Schema(required = true, format = "uri", example = "urn:steadfast:problem:invalid-request",
                description = "urn:steadfast:problem: followed by the problem's name, such as invalid-request, malformed-json, "
                        + "not-found, idempotency-key-in-use, idempotency-key-reused, illegal-transition, price-mismatch, "
                        + "quantity-limit, cart-empty, checkout-in-progress, payload-too-large, integrity-violation, "
                        + "receipt-unreadable, internal-error, or http-<status> for protocol errors.")
        String type,
        @Schema(required = true, example = "Invalid request") String title,
        @Schema(required = true, minimum = "400", maximum = "599", example = "400", description = "The HTTP status.") int status,
        @Schema(required = true, example = "currency: must be an ISO 4217 currency code such as EUR or USD",
                description = "What went wrong this time; a value the request sent appears escaped (\\u202E).") String detail) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_PREFIX = "urn:steadfast:problem:";

    public static Problem of(Response.Status status, String slug, String title, String detail) {
        return of(status.getStatusCode(), slug, title, detail);
    }

    /** For statuses that {@link Response.Status} does not name, such as 422. */
    public static Problem of(int status, String slug, String title, String detail) {
        return new Problem(TYPE_PREFIX + slug, title, status, detail);
    }

    /** An admin call without an operator's credentials (or with wrong ones). */
    public static Problem unauthorized() {
        return of(401, "unauthorized", "Unauthorized",
                "Sign in: the admin API needs the HTTP Basic credentials of an operator (README, \"Operating Steadfast\").");
    }

    public Response toResponse() {
        return Response.status(status).type(MediaType.valueOf(MEDIA_TYPE)).entity(this).build();
    }
}
