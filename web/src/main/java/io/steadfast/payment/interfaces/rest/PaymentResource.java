package io.steadfast.payment.interfaces.rest;

import io.steadfast.payment.application.NewPayment;
import io.steadfast.payment.application.PaymentOperation;
import io.steadfast.payment.application.PaymentPage;
import io.steadfast.payment.application.PaymentQuery;
import io.steadfast.payment.application.PaymentResult;
import io.steadfast.payment.application.PaymentService;
import io.steadfast.payment.domain.PaymentMethod;
import io.steadfast.payment.domain.PaymentStatus;
import io.steadfast.web.problem.ProblemException;
import io.steadfast.payment.domain.Money;
import io.steadfast.web.input.JsonBody;
import io.steadfast.web.input.JsonFields;
import io.steadfast.web.input.StrictBodyReader;
import io.steadfast.web.input.Text;
import io.steadfast.web.problem.ProblemMapper;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.Validator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import io.steadfast.web.ApiDoc;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;

/**
 * Payments for storefronts. Validates and translates; the work happens in {@link PaymentService}.
 */
@Path("/payments")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "payments")
@APIResponse(responseCode = "406", ref = ApiDoc.NOT_ACCEPTABLE)
@APIResponse(responseCode = "500", ref = ApiDoc.INTERNAL_ERROR)
public class PaymentResource {

    /** Header a client sets so that a retried POST never makes a second payment. */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /** Carries the Ed25519 signature over the receipt body's exact bytes; verify with /api/v1/receipts/public-key. */
    public static final String SIGNATURE_HEADER = "Receipt-Signature";

    @EJB
    PaymentService payments;

    @Inject
    Validator validator;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createPayment", summary = "Take a payment",
            description = "A purchase (authorized and captured at once) unless capture is false. A card is authorized by the "
                    + "gateway: its answer is the status (DECLINED and UNKNOWN are 201 too). A retry with the same "
                    + "Idempotency-Key and body gets the original 201 with Idempotent-Replayed: true and takes nothing.")
    @APIResponse(responseCode = "201", description = "The payment, made now or earlier under this Idempotency-Key.",
            headers = {@Header(name = ApiDoc.LOCATION, ref = ApiDoc.LOCATION),
                    @Header(name = ApiDoc.IDEMPOTENT_REPLAYED, ref = ApiDoc.IDEMPOTENT_REPLAYED)},
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PaymentResponse.class)))
    @APIResponse(responseCode = "400", ref = ApiDoc.BAD_REQUEST)
    @APIResponse(responseCode = "409", ref = ApiDoc.KEY_IN_USE)
    @APIResponse(responseCode = "413", ref = ApiDoc.PAYLOAD_TOO_LARGE)
    @APIResponse(responseCode = "415", ref = ApiDoc.UNSUPPORTED_MEDIA_TYPE)
    @APIResponse(responseCode = "422", ref = ApiDoc.KEY_REUSED)
    public Response create(@Parameter(ref = ApiDoc.IDEMPOTENCY_KEY) @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey,
                           @RequestBody(required = true) CreatePaymentRequest body,
                           @Context UriInfo uri) {
        NewPayment cmd = PaymentRequests.command(validator, idempotencyKey, body);
        PaymentResult result = PaymentRequests.take(payments, cmd, PaymentRequests.cardNumber(cmd.method(), body.card()));
        return Response.created(uri.getBaseUriBuilder().path("payments").path(result.payment().id()).build())
                .header("Idempotent-Replayed", Boolean.toString(!result.created()))
                .entity(PaymentResponse.of(result.payment()))
                .build();
    }

    /**
     * Lists payments newest first, with optional filters ({@code orderId}, {@code status},
     * {@code createdFrom}, {@code createdTo} as ISO-8601 instants) and cursor pagination
     * ({@code limit} 1-100, default 20; {@code cursor} from the previous page's {@code next}).
     */
    @GET
    @Operation(operationId = "listPayments", summary = "List payments, newest first")
    @APIResponse(responseCode = "200", description = "A page of payments.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PaymentListResponse.class)))
    @APIResponse(responseCode = "400", ref = ApiDoc.BAD_REQUEST)
    public PaymentListResponse list(
            @Parameter(description = "Only the payments of this order.") @QueryParam("orderId") String orderId,
            @Parameter(description = "Only the payments in this status.", schema = @Schema(type = SchemaType.STRING,
                    enumeration = {"PENDING", "DECLINED", "UNKNOWN", "AUTHORIZED", "CAPTURED", "PARTIALLY_REFUNDED", "REFUNDED",
                            "VOIDED", "NEEDS_OPERATOR"})) @QueryParam("status") String status,
            @Parameter(description = "Only payments created at or after this instant.",
                    schema = @Schema(type = SchemaType.STRING, format = "date-time")) @QueryParam("createdFrom") String createdFrom,
            @Parameter(description = "Only payments created before this instant.",
                    schema = @Schema(type = SchemaType.STRING, format = "date-time")) @QueryParam("createdTo") String createdTo,
            @Parameter(description = "Page size.", schema = @Schema(type = SchemaType.INTEGER, format = "int32", minimum = "1",
                    maximum = "" + PaymentQuery.MAX_LIMIT, defaultValue = "20"))
            @QueryParam("limit") @DefaultValue("20") String limit,
            @Parameter(description = "The next value of the previous page, unchanged.") @QueryParam("cursor") String cursor) {
        int size;
        try {
            size = Integer.parseInt(limit);
        } catch (NumberFormatException e) {
            size = -1;
        }
        if (size < 1 || size > PaymentQuery.MAX_LIMIT) {
            throw ProblemException.badRequest("limit must be a whole number from 1 to " + PaymentQuery.MAX_LIMIT + ".");
        }
        if (status != null && java.util.Arrays.stream(PaymentStatus.values()).noneMatch(s -> s.name().equals(status))) {
            throw ProblemException.badRequest("status must be one of " + java.util.Arrays.toString(PaymentStatus.values()) + ".");
        }
        PaymentPage page = payments.list(new PaymentQuery(orderId, status, instant("createdFrom", createdFrom),
                instant("createdTo", createdTo), size, Cursors.decode(cursor)));
        return new PaymentListResponse(page.items().stream()
                .map(e -> e.isQuarantined() ? (PaymentListItem) QuarantinedPaymentResponse.of(e.id()) : PaymentResponse.of(e.payment()))
                .toList(), Cursors.encode(page.next()));
    }

    private static Instant instant(String name, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (java.time.format.DateTimeParseException e) {
            throw ProblemException.badRequest(name + " must be an ISO-8601 instant such as 2026-11-25T08:00:00Z.");
        }
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getPayment", summary = "Read a payment")
    @APIResponse(responseCode = "200", description = "The payment.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PaymentResponse.class)))
    @APIResponse(responseCode = "404", ref = ApiDoc.NOT_FOUND)
    public PaymentResponse get(@PathParam("id") String id) {
        return payments.find(id).map(PaymentResponse::of)
                .orElseThrow(() -> ProblemException.notFound("There is no payment with id " + Text.quote(id) + "."));
    }

    @GET
    @Path("/{id}/receipt")
    @Operation(operationId = "getReceipt", summary = "Read a payment's signed receipt",
            description = "The receipt exactly as stored in the vault. Verify " + SIGNATURE_HEADER + " over the body's bytes as "
                    + "received with the key at /api/v1/receipts/public-key.")
    @APIResponse(responseCode = "200", description = "The receipt document.",
            headers = {@Header(name = SIGNATURE_HEADER, description = "alg=Ed25519; sig=<Base64 of the signature over the body's bytes>",
                    schema = @Schema(type = SchemaType.STRING)),
                    @Header(name = "X-Vault-Key", description = "The receipt's key in the vault.", schema = @Schema(type = SchemaType.STRING))},
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = ApiDoc.RECEIPT)))
    @APIResponse(responseCode = "404", ref = ApiDoc.NOT_FOUND)
    public Response receipt(@PathParam("id") String id) {
        return payments.receipt(id)
                .map(r -> Response.ok(r.document(), MediaType.APPLICATION_JSON_TYPE)
                        .header("X-Vault-Key", r.vaultKey())
                        .header(SIGNATURE_HEADER, r.signature() == null ? null : "alg=Ed25519; sig=" + r.signature())
                        .build())
                .orElseThrow(() -> ProblemException.notFound("There is no receipt for payment " + Text.quote(id) + "."));
    }

    /** The body of a capture or refund: an amount in minor units (optional for a capture). */
    @Schema(description = "An amount to capture or refund.")
    public record AmountRequest(
            @Schema(type = SchemaType.INTEGER, format = "int64", minimum = "1", maximum = ApiDoc.MAX_AMOUNT, example = "600",
                    description = "Integer minor units, a JSON number that is exactly a whole number. Required for a refund; a "
                            + "capture without it captures the whole authorization (leave it out rather than send null).")
            Long amount) implements JsonBody {

        /**
         * Reads {@code amount} strictly: a JSON number that is a whole number from 1 to the payment
         * limit. An explicit null is refused: a capture of "null" is more likely a client's bug than
         * a request to capture everything (which is an empty body, or one without {@code amount}).
         */
        public static AmountRequest from(JsonFields f) {
            if (f.isNull("amount")) {
                throw ProblemException.badRequest("amount: must be a whole number of minor units, not null"
                        + " (a capture that leaves amount out captures all of the authorization).");
            }
            return new AmountRequest(f.amount("amount", Money.MAX_AMOUNT_MINOR));
        }
    }

    /**
     * Captures all of an authorization, or {@code amount} of it. The body is optional, so a full
     * capture needs neither a body nor a Content-Type.
     */
    @POST
    @Path("/{id}/capture")
    @Consumes(MediaType.WILDCARD)
    @Operation(operationId = "capturePayment", summary = "Capture an authorization, all of it or part")
    @APIResponse(responseCode = "200", description = "The payment after the capture (or as the earlier capture with this key left it).",
            headers = @Header(name = ApiDoc.IDEMPOTENT_REPLAYED, ref = ApiDoc.IDEMPOTENT_REPLAYED),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PaymentResponse.class)))
    @APIResponse(responseCode = "400", ref = ApiDoc.BAD_REQUEST)
    @APIResponse(responseCode = "404", ref = ApiDoc.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ApiDoc.PAYMENT_CONFLICT)
    @APIResponse(responseCode = "413", ref = ApiDoc.PAYLOAD_TOO_LARGE)
    @APIResponse(responseCode = "422", ref = ApiDoc.KEY_REUSED)
    public Response capture(@PathParam("id") String id, @Parameter(ref = ApiDoc.IDEMPOTENCY_KEY) @HeaderParam(IDEMPOTENCY_KEY) String key,
                            @RequestBody(required = false, description = "Optional: without a body (or without amount) the whole "
                                    + "authorization is captured.", content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                    schema = @Schema(implementation = AmountRequest.class))) String body) {
        AmountRequest request = StrictBodyReader.read(AmountRequest.class, JsonFields.parse(body));
        return operate(id, PaymentOperation.Kind.CAPTURE, request == null ? null : request.amount(), key);
    }

    /** Releases an authorization without capturing it. */
    @POST
    @Path("/{id}/void")
    @Consumes(MediaType.WILDCARD)
    @Operation(operationId = "voidPayment", summary = "Release an authorization without capturing it")
    @APIResponse(responseCode = "200", description = "The payment, VOIDED.",
            headers = @Header(name = ApiDoc.IDEMPOTENT_REPLAYED, ref = ApiDoc.IDEMPOTENT_REPLAYED),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PaymentResponse.class)))
    @APIResponse(responseCode = "400", ref = ApiDoc.BAD_REQUEST)
    @APIResponse(responseCode = "404", ref = ApiDoc.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ApiDoc.PAYMENT_CONFLICT)
    @APIResponse(responseCode = "422", ref = ApiDoc.KEY_REUSED)
    public Response voidAuthorization(@PathParam("id") String id,
                                      @Parameter(ref = ApiDoc.IDEMPOTENCY_KEY) @HeaderParam(IDEMPOTENCY_KEY) String key) {
        return operate(id, PaymentOperation.Kind.VOID, null, key);
    }

    /** Refunds {@code amount}; refunds may repeat, never beyond what was captured. */
    @POST
    @Path("/{id}/refunds")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "refundPayment", summary = "Refund some of what was captured")
    @APIResponse(responseCode = "200", description = "The payment after the refund.",
            headers = @Header(name = ApiDoc.IDEMPOTENT_REPLAYED, ref = ApiDoc.IDEMPOTENT_REPLAYED),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PaymentResponse.class)))
    @APIResponse(responseCode = "400", ref = ApiDoc.BAD_REQUEST)
    @APIResponse(responseCode = "404", ref = ApiDoc.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ApiDoc.PAYMENT_CONFLICT)
    @APIResponse(responseCode = "413", ref = ApiDoc.PAYLOAD_TOO_LARGE)
    @APIResponse(responseCode = "415", ref = ApiDoc.UNSUPPORTED_MEDIA_TYPE)
    @APIResponse(responseCode = "422", ref = ApiDoc.KEY_REUSED)
    public Response refund(@PathParam("id") String id, @Parameter(ref = ApiDoc.IDEMPOTENCY_KEY) @HeaderParam(IDEMPOTENCY_KEY) String key,
                           @RequestBody(required = true, description = "amount is required.") AmountRequest body) {
        if (body == null || body.amount() == null) {
            throw ProblemException.badRequest("amount: is required (integer minor units)");
        }
        return operate(id, PaymentOperation.Kind.REFUND, body.amount(), key);
    }

    private Response operate(String id, PaymentOperation.Kind kind, Long amount, String key) {
        PaymentRequests.requireIdempotencyKey(key);
        PaymentOperation op = new PaymentOperation(id, kind, amount, key);
        PaymentResult result = payments.operate(op);
        return Response.ok(PaymentResponse.of(result.payment()))
                .header("Idempotent-Replayed", Boolean.toString(!result.created())).build();
    }
}
