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

import java.time.Instant;

/**
 * Payments for storefronts. Validates and translates; the work happens in {@link PaymentService}.
 */
@Path("/payments")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
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
    public Response create(@HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey, CreatePaymentRequest body,
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
    public PaymentListResponse list(@QueryParam("orderId") String orderId, @QueryParam("status") String status,
                                    @QueryParam("createdFrom") String createdFrom, @QueryParam("createdTo") String createdTo,
                                    @QueryParam("limit") @DefaultValue("20") String limit, @QueryParam("cursor") String cursor) {
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
    public PaymentResponse get(@PathParam("id") String id) {
        return payments.find(id).map(PaymentResponse::of)
                .orElseThrow(() -> ProblemException.notFound("There is no payment with id " + Text.quote(id) + "."));
    }

    @GET
    @Path("/{id}/receipt")
    public Response receipt(@PathParam("id") String id) {
        return payments.receipt(id)
                .map(r -> Response.ok(r.document(), MediaType.APPLICATION_JSON_TYPE)
                        .header("X-Vault-Key", r.vaultKey())
                        .header(SIGNATURE_HEADER, r.signature() == null ? null : "alg=Ed25519; sig=" + r.signature())
                        .build())
                .orElseThrow(() -> ProblemException.notFound("There is no receipt for payment " + Text.quote(id) + "."));
    }

    /** The body of a capture or refund: an amount in minor units (optional for a capture). */
    public record AmountRequest(Long amount) implements JsonBody {

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
    public Response capture(@PathParam("id") String id, @HeaderParam(IDEMPOTENCY_KEY) String key, String body) {
        AmountRequest request = StrictBodyReader.read(AmountRequest.class, JsonFields.parse(body));
        return operate(id, PaymentOperation.Kind.CAPTURE, request == null ? null : request.amount(), key);
    }

    /** Releases an authorization without capturing it. */
    @POST
    @Path("/{id}/void")
    @Consumes(MediaType.WILDCARD)
    public Response voidAuthorization(@PathParam("id") String id, @HeaderParam(IDEMPOTENCY_KEY) String key) {
        return operate(id, PaymentOperation.Kind.VOID, null, key);
    }

    /** Refunds {@code amount}; refunds may repeat, never beyond what was captured. */
    @POST
    @Path("/{id}/refunds")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response refund(@PathParam("id") String id, @HeaderParam(IDEMPOTENCY_KEY) String key, AmountRequest body) {
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
