package io.steadfast.cart.interfaces.rest;

import io.steadfast.payment.application.IdempotencyConflictException;
import io.steadfast.payment.application.Iso4217;
import io.steadfast.payment.application.NewPayment;
import io.steadfast.payment.application.PaymentResult;
import io.steadfast.payment.application.PaymentService;
import io.steadfast.payment.domain.PaymentMethod;
import io.steadfast.payment.interfaces.rest.PaymentRequests;
import io.steadfast.payment.domain.Money;
import io.steadfast.web.input.JsonBody;
import io.steadfast.web.input.JsonFields;
import io.steadfast.web.input.IdempotencyKeyHeader;
import io.steadfast.web.input.Text;
import io.steadfast.web.problem.Problem;
import io.steadfast.web.problem.ProblemException;
import io.steadfast.web.problem.ProblemMapper;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** The session cart; checkout takes the payment for its total. */
@Path("/cart")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "cart")
@APIResponse(responseCode = "406", ref = ApiDoc.NOT_ACCEPTABLE)
@APIResponse(responseCode = "500", ref = ApiDoc.INTERNAL_ERROR)
public class CartResource {

    static final String ATTRIBUTE = "steadfast.cart";

    /** The body of {@code POST /cart/items}, read strictly by {@link #from} (see {@link JsonFields}). */
    @Schema(description = "Items to add: a SKU is one line at one unit amount, in the cart's one currency.")
    public record AddItem(
            @Schema(example = "mug")
            @NotBlank(message = "is required") @Pattern(regexp = "[A-Za-z0-9._-]{1,64}", message = "must be 1-64 of A-Z a-z 0-9 . _ -") String sku,
            @Schema(description = "Integer minor units per item; the line's total and the cart's total are at most "
                    + ApiDoc.MAX_AMOUNT + ".", example = "1200")
            @NotNull(message = "is required (integer minor units)") @Positive(message = "must be greater than 0")
            @Max(value = Money.MAX_AMOUNT_MINOR, message = "must be at most " + Money.MAX_AMOUNT_MINOR) Long unitAmount,
            @Schema(description = "How many; a line holds at most " + Cart.MAX_QUANTITY + ".", example = "2")
            @NotNull(message = "is required") @Min(value = 1, message = "must be at least 1") @Max(value = Cart.MAX_QUANTITY, message = "must be at most " + Cart.MAX_QUANTITY) Integer quantity,
            @Schema(description = "ISO 4217 currency code, upper case; the cart's currency once it holds an item.",
                    pattern = "^[A-Z]{3}$", example = "EUR")
            @NotNull(message = "is required") @Iso4217 String currency) implements JsonBody {

        public static AddItem from(JsonFields f) {
            Long quantity = f.integer("quantity", 1, Cart.MAX_QUANTITY, "");
            return new AddItem(f.string("sku"), f.amount("unitAmount", Money.MAX_AMOUNT_MINOR),
                    quantity == null ? null : quantity.intValue(), f.string("currency"));
        }
    }

    /** The body of {@code POST /cart/checkout}, read strictly by {@link #from}. */
    @Schema(description = "Pays the cart's total in its currency.")
    public record Checkout(@Schema(maxLength = 64, example = "order-1003") @NotBlank(message = "is required") String orderId,
                           @Schema(enumeration = {"card", "bank_transfer", "wallet"}, example = "wallet")
                           @NotBlank(message = "is required") String method,
                           @Schema(description = "Required for method card, refused for the others.")
                           io.steadfast.payment.interfaces.rest.CreatePaymentRequest.Card card) implements JsonBody {

        public static Checkout from(JsonFields f) {
            return new Checkout(f.string("orderId"), f.string("method"),
                    io.steadfast.payment.interfaces.rest.CreatePaymentRequest.Card.from(f.object("card")));
        }
    }

    /** What the cart shows. */
    @Schema(description = "The cart: its lines, its currency (absent while empty) and its total in minor units.")
    public record CartView(@Schema(required = true) List<Cart.Line> items, String currency,
                           @Schema(required = true, minimum = "0", maximum = ApiDoc.MAX_AMOUNT) long total) {
    }

    @EJB
    PaymentService payments;

    @Inject
    Validator validator;

    @Inject
    CartStore store;

    @Context
    HttpServletRequest request;

    /**
     * Locks that make the requests of one session find or make its cart one at a time, striped by
     * session id: one lock for every session (as this was) held each request of the whole server
     * behind the one before it, cache reads included, and made the distributable cart 6 times
     * slower than the same application not distributable (cluster/bench-cluster.sh --replication).
     */
    private static final Object[] SESSION_LOCKS = new Object[256];

    static {
        java.util.Arrays.setAll(SESSION_LOCKS, i -> new Object());
    }

    static Object lockOf(String sessionId) {
        return SESSION_LOCKS[Math.floorMod(sessionId.hashCode(), SESSION_LOCKS.length)];
    }

    private Cart cart() {
        HttpSession session = request.getSession(true);
        // Two concurrent first requests of one session must not each make a cart (one would be lost).
        synchronized (lockOf(session.getId())) {
            Cart cart = (Cart) session.getAttribute(ATTRIBUTE);
            // After a failover the stored copy may be newer than the session's (see CartStore).
            Cart stored = store.newerThan(session.getId(), cart == null ? -1 : cart.version());
            if (stored == null && cart == null && request.getRequestedSessionId() != null) {
                String earlier = withoutRoute(request.getRequestedSessionId());
                if (!earlier.equals(session.getId())) {
                    stored = store.takeOver(earlier, session.getId());
                }
            }
            if (stored != null) {
                cart = stored;
                session.setAttribute(ATTRIBUTE, cart);
            } else if (cart == null) {
                cart = new Cart();
                session.setAttribute(ATTRIBUTE, cart);
            }
            return cart;
        }
    }

    /** A session id as the client sent it, without the balancer's route (".node-1"). */
    static String withoutRoute(String sessionId) {
        int dot = sessionId.indexOf('.');
        return dot < 0 ? sessionId : sessionId.substring(0, dot);
    }

    /**
     * Sets the changed cart into the session again (replicated when the request ends), and writes
     * it to the {@link CartStore}, which returns once every node has it: an acknowledged change is
     * on every node before its answer leaves.
     */
    private CartView saved(Cart cart) {
        HttpSession session = request.getSession();
        session.setAttribute(ATTRIBUTE, cart);
        store.save(session.getId(), cart);
        return new CartView(cart.lines(), cart.currency(), cart.total());
    }

    @GET
    @Operation(operationId = "getCart", summary = "Show the session's cart")
    @APIResponse(responseCode = "200", description = "The cart (a new, empty one for a new session).",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CartView.class)))
    public CartView view() {
        Cart cart = cart();
        return new CartView(cart.lines(), cart.currency(), cart.total());
    }

    @POST
    @Path("/items")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "addCartItem", summary = "Add items to the cart",
            description = "A retry with the same Idempotency-Key does not add twice, even when the copies arrive together.")
    @APIResponse(responseCode = "200", description = "The cart after the add.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CartView.class)))
    @APIResponse(responseCode = "400", ref = ApiDoc.BAD_REQUEST)
    @APIResponse(responseCode = "409", ref = ApiDoc.CART_CONFLICT)
    @APIResponse(responseCode = "413", ref = ApiDoc.PAYLOAD_TOO_LARGE)
    @APIResponse(responseCode = "415", ref = ApiDoc.UNSUPPORTED_MEDIA_TYPE)
    @APIResponse(responseCode = "422", ref = ApiDoc.KEY_REUSED)
    public CartView add(@Parameter(ref = ApiDoc.IDEMPOTENCY_KEY) @HeaderParam("Idempotency-Key") String idempotencyKey,
                        @RequestBody(required = true) AddItem item) {
        IdempotencyKeyHeader.require(idempotencyKey, "a retried add must not add twice");
        if (item == null) {
            throw ProblemException.badRequest("A JSON body is required: {\"sku\", \"unitAmount\", \"quantity\", \"currency\"}.");
        }
        var violations = validator.validate(item);
        if (!violations.isEmpty()) {
            throw ProblemException.badRequest(ProblemMapper.describe(violations));
        }
        Cart cart = cart();
        try {
            cart.addOnce(idempotencyKey, item.sku() + "|" + item.unitAmount() + "|" + item.quantity() + "|" + item.currency(),
                    item.sku(), item.unitAmount(), item.quantity(), item.currency());
        } catch (IllegalStateException e) {
            throw new ProblemException(Problem.of(422, "idempotency-key-reused", "Idempotency-Key reused", e.getMessage() + "."));
        } catch (Cart.Conflict e) {
            throw new ProblemException(Problem.of(Response.Status.CONFLICT, e.slug(), e.title(), e.getMessage()));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest(e.getMessage() + ".");
        }
        return saved(cart);
    }

    @DELETE
    @Path("/items/{sku}")
    @Operation(operationId = "removeCartItem", summary = "Remove a SKU's line from the cart")
    @APIResponse(responseCode = "200", description = "The cart without the line.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CartView.class)))
    @APIResponse(responseCode = "404", ref = ApiDoc.NOT_FOUND)
    public CartView remove(@PathParam("sku") String sku) {
        Cart cart = cart();
        if (!cart.remove(sku)) {
            throw ProblemException.notFound("The cart has no item with SKU " + Text.quote(sku) + ".");
        }
        return saved(cart);
    }

    @POST
    @Path("/checkout")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "checkoutCart", summary = "Pay the cart's total",
            description = "Only a payment that took the money (CAPTURED, AUTHORIZED) empties the cart. A retry with the same "
                    + "Idempotency-Key gets the original 201 (Idempotent-Replayed: true), whatever the cart holds now.")
    @APIResponse(responseCode = "201", description = "The payment, made now or earlier under this Idempotency-Key.",
            headers = {@Header(name = ApiDoc.LOCATION, ref = ApiDoc.LOCATION),
                    @Header(name = ApiDoc.IDEMPOTENT_REPLAYED, ref = ApiDoc.IDEMPOTENT_REPLAYED)},
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = io.steadfast.payment.interfaces.rest.PaymentResponse.class)))
    @APIResponse(responseCode = "400", ref = ApiDoc.BAD_REQUEST)
    @APIResponse(responseCode = "409", ref = ApiDoc.CHECKOUT_CONFLICT)
    @APIResponse(responseCode = "413", ref = ApiDoc.PAYLOAD_TOO_LARGE)
    @APIResponse(responseCode = "415", ref = ApiDoc.UNSUPPORTED_MEDIA_TYPE)
    @APIResponse(responseCode = "422", ref = ApiDoc.KEY_REUSED)
    public Response checkout(@Parameter(ref = ApiDoc.IDEMPOTENCY_KEY) @HeaderParam("Idempotency-Key") String idempotencyKey,
                             @RequestBody(required = true) Checkout body, @Context UriInfo uri) {
        IdempotencyKeyHeader.require(idempotencyKey, "a retried checkout must not pay twice");
        if (body == null) {
            throw ProblemException.badRequest("A JSON body {\"orderId\" (at most 64 characters), \"method\"} is required.");
        }
        if (body.orderId() == null || body.orderId().isBlank() || body.orderId().length() > 64) {
            throw ProblemException.badRequest("orderId: is required, at most 64 characters.");
        }
        if (body.method() == null) {
            throw ProblemException.badRequest("method: is required.");
        }
        PaymentMethod method = PaymentRequests.method(body.method());
        String pan = PaymentRequests.cardNumber(method, body.card());
        Cart cart = cart();
        String running = cart.beginCheckout(idempotencyKey);
        if (running != null) {
            throw running.equals(idempotencyKey)
                    ? new IdempotencyConflictException("a checkout with this Idempotency-Key is already being processed")
                    : new ProblemException(Problem.of(Response.Status.CONFLICT, "checkout-in-progress", "Checkout in progress",
                    "Another checkout of this cart is being processed; retry when it has finished."));
        }
        try {
            // A retry is found by its key first: the checkout it repeats may have emptied the cart.
            java.util.Optional<PaymentResult> earlier = payments.replayCheckout(idempotencyKey, body.orderId(), method, pan);
            if (earlier.isPresent()) {
                return paid(earlier.get(), uri);
            }
            if (cart.lines().isEmpty()) {
                throw new ProblemException(Problem.of(Response.Status.CONFLICT, "cart-empty", "Cart is empty",
                        "The cart is empty; add items before checking out."));
            }
            NewPayment cmd = new NewPayment(body.orderId(), cart.total(), cart.currency(), method, idempotencyKey);
            PaymentResult result = PaymentRequests.take(payments, cmd, pan);
            if (result.created() && PAID.contains(result.payment().status())) {
                // Only money taken empties the cart: after a decline, or an outcome still pending
                // or unknown, the shopper's items stay.
                cart.clear();
                saved(cart);
            }
            return paid(result, uri);
        } finally {
            cart.endCheckout(idempotencyKey);
        }
    }

    /** Payment states in which a checkout has taken the money, so the cart is done with. */
    private static final java.util.Set<String> PAID = java.util.Set.of("CAPTURED", "AUTHORIZED");

    private static Response paid(PaymentResult result, UriInfo uri) {
        return Response.created(uri.getBaseUriBuilder().path("payments").path(result.payment().id()).build())
                .header("Idempotent-Replayed", Boolean.toString(!result.created()))
                .entity(io.steadfast.payment.interfaces.rest.PaymentResponse.of(result.payment()))
                .build();
    }
}
