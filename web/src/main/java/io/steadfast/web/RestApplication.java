package io.steadfast.web;

import io.steadfast.web.problem.Problem;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.ExternalDocumentation;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.info.License;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The storefront and admin API, version 1. Resources and problem mappers are discovered by scanning.
 *
 * <p>The OpenAPI document at {@code /openapi} is generated from the resources' and records'
 * annotations; the parts every operation shares (the {@code Idempotency-Key} parameter, the
 * replay header, the problem responses) are declared once here, under the names in {@link ApiDoc}.
 */
@ApplicationPath("/api/v1")
@org.eclipse.microprofile.openapi.annotations.security.SecurityScheme(securitySchemeName = ApiDoc.OPERATOR_SECURITY,
        type = org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType.HTTP, scheme = "basic",
        description = "An operator of the admin API (README, \"Operating Steadfast\"): role admin may act, auditor may only read.")
@OpenAPIDefinition(
        info = @Info(title = "Steadfast payments API", version = "1",
                description = "Payments for Jakarta EE storefronts: every payment commits atomically to the database and the vault. "
                        + "Amounts are integers in minor units (cents), from 1 to 999999999999999999; JSON parsers that read numbers "
                        + "as doubles (JavaScript) are exact only up to 9007199254740991. Every POST that moves money takes a "
                        + "required Idempotency-Key header: a retry with the same key and body gets the original answer "
                        + "(Idempotent-Replayed: true) and never pays twice. Errors are application/problem+json (RFC 9457) and "
                        + "change nothing.",
                // WildFly writes info.license and externalDocs into the served document whether or
                // not the deployment sets them, empty when it does not, and generators refuse an empty
                // license or external-docs object. No licence is granted for this code yet: change
                // this when the project chooses one.
                license = @License(name = "Proprietary", identifier = "LicenseRef-Proprietary")),
        externalDocs = @ExternalDocumentation(description = "Swagger UI on this document, served by this server.", url = "/api-docs/"),
        tags = {
                @Tag(name = "payments", description = "Take, read, list, capture, void and refund payments."),
                @Tag(name = "cart", description = "A cart per HTTP session (keep the JSESSIONID cookie); checkout pays its total."),
                @Tag(name = "receipts", description = "The key that verifies receipt signatures."),
                @Tag(name = "admin", description = "Operators: ledger, quarantined rows, the vault.")
        },
        components = @Components(
                parameters = @Parameter(name = ApiDoc.IDEMPOTENCY_KEY, in = ParameterIn.HEADER, required = true,
                        description = "A unique value per attempt of this request, reused on its retries: the same key with the same "
                                + "body gets the first answer again, with another body 422. 1 to 255 printable ASCII characters. "
                                + "Kept at least 24 hours.",
                        schema = @Schema(type = SchemaType.STRING, minLength = 1, maxLength = 255,
                                pattern = "^[\\x20-\\x7E]*[\\x21-\\x7E][\\x20-\\x7E]*$"),
                        example = "order-1001-attempt-1"),
                headers = {
                        @Header(name = ApiDoc.IDEMPOTENT_REPLAYED,
                                description = "true when this is the stored answer to an earlier request with the same Idempotency-Key "
                                        + "(nothing was done again), false when this request did the work.",
                                schema = @Schema(type = SchemaType.BOOLEAN)),
                        @Header(name = ApiDoc.LOCATION, description = "The payment's address.",
                                schema = @Schema(type = SchemaType.STRING, format = "uri"))
                },
                schemas = @Schema(name = ApiDoc.RECEIPT, type = SchemaType.OBJECT,
                        description = "A payment's receipt as stored in the vault, signed over its exact bytes (verify the bytes as "
                                + "received, before any re-encoding).",
                        requiredProperties = {"type", "paymentId", "orderId", "amount", "currency", "method", "status", "createdAt"},
                        properties = {
                                @SchemaProperty(name = "type", type = SchemaType.STRING, enumeration = "steadfast.receipt/v1"),
                                @SchemaProperty(name = "paymentId", type = SchemaType.STRING),
                                @SchemaProperty(name = "orderId", type = SchemaType.STRING),
                                @SchemaProperty(name = "amount", type = SchemaType.INTEGER, format = "int64",
                                        description = "Integer minor units, as authorized."),
                                @SchemaProperty(name = "currency", type = SchemaType.STRING),
                                @SchemaProperty(name = "method", type = SchemaType.STRING),
                                @SchemaProperty(name = "status", type = SchemaType.STRING,
                                        description = "The payment's status when the receipt was written."),
                                @SchemaProperty(name = "createdAt", type = SchemaType.STRING, format = "date-time")
                        }),
                responses = {
                        @APIResponse(name = ApiDoc.BAD_REQUEST,
                                description = "The request is invalid (type invalid-request: the detail names each wrong field or "
                                        + "header) or its body is not JSON of the expected shape (malformed-json). Nothing changed.",
                                content = @Content(mediaType = ApiDoc.PROBLEM_JSON, schema = @Schema(implementation = Problem.class))),
                        @APIResponse(name = ApiDoc.NOT_FOUND, description = "No such payment, cart item or resource (type not-found).",
                                content = @Content(mediaType = ApiDoc.PROBLEM_JSON, schema = @Schema(implementation = Problem.class))),
                        @APIResponse(name = ApiDoc.NOT_ACCEPTABLE,
                                description = "The Accept header names no media type the API answers with (type http-406).",
                                content = @Content(mediaType = ApiDoc.PROBLEM_JSON, schema = @Schema(implementation = Problem.class))),
                        @APIResponse(name = ApiDoc.KEY_IN_USE,
                                description = "A request with this Idempotency-Key is still being processed (type "
                                        + "idempotency-key-in-use): retry a moment later with the same key and body.",
                                content = @Content(mediaType = ApiDoc.PROBLEM_JSON, schema = @Schema(implementation = Problem.class))),
                        @APIResponse(name = ApiDoc.UNAUTHORIZED,
                                description = "Not signed in: the admin API needs HTTP Basic credentials of an operator (or the "
                                        + "console's session); type unauthorized.",
                                content = @Content(mediaType = ApiDoc.PROBLEM_JSON, schema = @Schema(implementation = Problem.class))),
                        @APIResponse(name = ApiDoc.FORBIDDEN,
                                description = "Signed in as an operator who may only read (role auditor); type forbidden.",
                                content = @Content(mediaType = ApiDoc.PROBLEM_JSON, schema = @Schema(implementation = Problem.class))),
                        @APIResponse(name = ApiDoc.OPERATOR_CONFLICT,
                                description = "The action does not fit the current state (type illegal-transition), the request it would "
                                        + "settle is still running (idempotency-key-in-use), or Narayana refused it (operator-action-refused). "
                                        + "Nothing was changed.",
                                content = @Content(mediaType = ApiDoc.PROBLEM_JSON, schema = @Schema(implementation = Problem.class))),
                        @APIResponse(name = ApiDoc.PAYMENT_CONFLICT,
                                description = "The payment's state does not allow this, or not for this amount (type "
                                        + "illegal-transition, naming the state); or a request with this Idempotency-Key is still "
                                        + "being processed (idempotency-key-in-use: retry later with the same key).",
                                content = @Content(mediaType = ApiDoc.PROBLEM_JSON, schema = @Schema(implementation = Problem.class))),
                        @APIResponse(name = ApiDoc.CART_CONFLICT,
                                description = "The cart holds this SKU at another unit amount (type price-mismatch: remove it first), "
                                        + "or the line would hold more than 999 (quantity-limit). The cart is unchanged.",
                                content = @Content(mediaType = ApiDoc.PROBLEM_JSON, schema = @Schema(implementation = Problem.class))),
                        @APIResponse(name = ApiDoc.CHECKOUT_CONFLICT,
                                description = "The cart is empty (type cart-empty), another checkout of this cart is running "
                                        + "(checkout-in-progress), or this one still is (idempotency-key-in-use: retry later with "
                                        + "the same key).",
                                content = @Content(mediaType = ApiDoc.PROBLEM_JSON, schema = @Schema(implementation = Problem.class))),
                        @APIResponse(name = ApiDoc.PAYLOAD_TOO_LARGE,
                                description = "The body is larger than the API's limit, 64 KiB unless configured (type "
                                        + "payload-too-large, naming the limit).",
                                content = @Content(mediaType = ApiDoc.PROBLEM_JSON, schema = @Schema(implementation = Problem.class))),
                        @APIResponse(name = ApiDoc.UNSUPPORTED_MEDIA_TYPE,
                                description = "The body is not application/json (type http-415).",
                                content = @Content(mediaType = ApiDoc.PROBLEM_JSON, schema = @Schema(implementation = Problem.class))),
                        @APIResponse(name = ApiDoc.KEY_REUSED,
                                description = "This Idempotency-Key was used for a different request (type idempotency-key-reused): "
                                        + "use a new key for a new request.",
                                content = @Content(mediaType = ApiDoc.PROBLEM_JSON, schema = @Schema(implementation = Problem.class))),
                        @APIResponse(name = ApiDoc.INTERNAL_ERROR,
                                description = "The server failed (type internal-error: the detail is a reference to quote to the "
                                        + "operator); a payment row failed its integrity check and is quarantined "
                                        + "(integrity-violation); or a receipt is damaged beyond repair in the vault "
                                        + "(receipt-unreadable).",
                                content = @Content(mediaType = ApiDoc.PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
                }))
public class RestApplication extends Application {
}
