package io.steadfast.payment.interfaces.rest;

import io.steadfast.web.ApiSettings;
import io.steadfast.payment.application.Baselines;
import io.steadfast.payment.application.NewPayment;
import io.steadfast.payment.application.PaymentResult;
import io.steadfast.payment.domain.PaymentMethod;
import io.steadfast.web.problem.ProblemException;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.Validator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Map;

/**
 * The baselines the end-to-end benchmark measures the payment against (PERFORMANCE.md), in the
 * same deployment. Off unless the server runs with {@code steadfast.baselines.enabled=true} (the
 * README's run command sets it; the test server sets it; production leaves it off).
 * <ul>
 *   <li>{@code POST /baselines/payments-one-phase}: the payment request of {@code POST /payments},
 *       validated the same way, committed through the non-XA datasource without the vault
 *       receipt (one-phase commit);</li>
 *   <li>{@code POST /baselines/noop}: reads the same JSON body and does nothing else;</li>
 *   <li>{@code GET /baselines}: the switches and row counts a long run watches.</li>
 * </ul>
 * They are left out of the OpenAPI document ({@code mp.openapi.scan.exclude.classes} in
 * {@code META-INF/microprofile-config.properties}): a client generated from it has no use for them.
 */
@Path("/baselines")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class BaselineResource {

    /** The switch that exposes these endpoints. */
    public static final String SWITCH = ApiSettings.BASELINES;

    /** What {@code GET /baselines} answers. */
    public record State(boolean integrityCodes, Map<String, Long> rows) {
    }

    /** What the no-op endpoint answers. */
    public record Noop(String orderId) {
    }

    @EJB
    Baselines baselines;

    @Inject
    Validator validator;

    @GET
    public State state() {
        requireEnabled();
        return new State(baselines.integrityCodesOn(), baselines.rowCounts());
    }

    @POST
    @Path("/payments-one-phase")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response onePhase(@HeaderParam(PaymentResource.IDEMPOTENCY_KEY) String idempotencyKey, CreatePaymentRequest body) {
        requireEnabled();
        NewPayment cmd = PaymentRequests.command(validator, idempotencyKey, body);
        if (cmd.method() == PaymentMethod.CARD || body.card() != null) {
            throw ProblemException.badRequest("The one-phase baseline takes no card payments; use method 'wallet' or 'bank_transfer'.");
        }
        PaymentResult result = baselines.createOnePhase(cmd);
        return Response.status(Response.Status.CREATED)
                .header("Idempotent-Replayed", Boolean.toString(!result.created()))
                .entity(PaymentResponse.of(result.payment())).build();
    }

    @POST
    @Path("/noop")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response noop(CreatePaymentRequest body) {
        requireEnabled();
        return Response.status(Response.Status.CREATED).entity(new Noop(body == null ? null : body.orderId())).build();
    }

    /** The switch now; a value made unreadable on the running server keeps the baselines off, and says why. */
    private static boolean baselinesEnabled() {
        try {
            return ApiSettings.current().baselinesEnabled();
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("The benchmark baselines are switched off on this server: " + e.getMessage() + ".");
        }
    }

    private static void requireEnabled() {
        if (!baselinesEnabled()) {
            throw ProblemException.notFound("The benchmark baselines are switched off on this server; start it with "
                    + SWITCH + "=true to measure against them (see PERFORMANCE.md).");
        }
    }
}
