package io.steadfast.operations.interfaces.rest;

import io.steadfast.operations.application.Operations;
import io.steadfast.operations.application.Operations.ActionResult;
import io.steadfast.operations.application.Operations.AuditRecord;
import io.steadfast.operations.application.Operations.AuditVerdict;
import io.steadfast.operations.application.Operations.InDoubt;
import io.steadfast.operations.application.Operations.PaymentContext;
import io.steadfast.web.ApiDoc;
import io.steadfast.web.problem.ProblemException;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/**
 * The operator's API (README, "Operating Steadfast"): who is signed in, the transactions in doubt
 * joined to their payments and what can be done with them, card payments still waiting for an
 * outcome, and the audit trail. Signing in is the server's (web.xml, Elytron): HTTP Basic for API
 * clients, a form and a session for the console; role {@code admin} may act, {@code auditor} may
 * only read. Every action takes a reason, and destructive ones a confirmation.
 */
@Path("/admin")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin")
@APIResponse(responseCode = "401", ref = ApiDoc.UNAUTHORIZED)
@org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement(name = ApiDoc.OPERATOR_SECURITY)
@APIResponse(responseCode = "406", ref = ApiDoc.NOT_ACCEPTABLE)
@APIResponse(responseCode = "500", ref = ApiDoc.INTERNAL_ERROR)
public class OperationsResource {

    /** Who is signed in, and whether they may act. */
    @Schema(requiredProperties = {"user", "roles", "canAct"})
    public record Me(String user, List<String> roles, boolean canAct) {
    }

    /** The audit trail's entries, newest first. */
    @Schema(requiredProperties = {"entries"})
    public record AuditPage(List<AuditRecord> entries) {
    }

    static final int MAX_LIMIT = 500;

    @EJB
    Operations operations;

    @Context
    SecurityContext security;

    @Context
    HttpServletRequest request;

    @GET
    @Path("/me")
    @Operation(operationId = "whoAmI", summary = "The signed-in operator and what they may do")
    @APIResponse(responseCode = "200", description = "The operator.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Me.class)))
    public Me me() {
        boolean admin = security.isUserInRole("admin");
        List<String> roles = admin ? (security.isUserInRole("auditor") ? List.of("admin", "auditor") : List.of("admin"))
                : (security.isUserInRole("auditor") ? List.of("auditor") : List.of());
        return new Me(actor(), roles, admin);
    }

    @POST
    @Path("/session/logout")
    @Consumes(MediaType.WILDCARD)
    @Operation(operationId = "signOut", summary = "Sign out of the console (ends the session)")
    @APIResponse(responseCode = "204", description = "Signed out.")
    public Response logout() {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        return Response.noContent().build();
    }

    @GET
    @Path("/in-doubt")
    @Operation(operationId = "listInDoubtTransactions",
            summary = "Transactions in Narayana's log store now, with their payment and participants, oldest first")
    @APIResponse(responseCode = "200", description = "The transactions (a fresh probe of the log store).",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = InDoubt.class)))
    public List<InDoubt> inDoubt() {
        return operations.inDoubt();
    }

    @POST
    @Path("/in-doubt/{transactionId}/recover")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "recoverTransaction", summary = "Run recovery for an in-doubt transaction now, and wait for it")
    @APIResponse(responseCode = "200", description = "RESOLVED (gone from the log store) or STILL_IN_DOUBT, with why.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ActionResult.class)))
    @APIResponse(responseCode = "400", ref = ApiDoc.BAD_REQUEST)
    @APIResponse(responseCode = "403", ref = ApiDoc.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ApiDoc.NOT_FOUND)
    @APIResponse(responseCode = "415", ref = ApiDoc.UNSUPPORTED_MEDIA_TYPE)
    public ActionResult recover(@Parameter(description = "The transaction's id, as the in-doubt list gives it.") @PathParam("transactionId") String transactionId,
                                @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                        schema = @Schema(implementation = OperatorRequest.class))) String body) {
        OperatorRequest r = OperatorRequest.read(body);
        return operations.recover(actor(), transactionId, r.reason());
    }

    @POST
    @Path("/in-doubt/{transactionId}/forget")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "forgetParticipant",
            summary = "Remove a participant (participantId in the body) from an in-doubt transaction's log record, forgetting a heuristic")
    @APIResponse(responseCode = "200", description = "What is left of the transaction.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ActionResult.class)))
    @APIResponse(responseCode = "400", ref = ApiDoc.BAD_REQUEST)
    @APIResponse(responseCode = "403", ref = ApiDoc.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ApiDoc.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ApiDoc.OPERATOR_CONFLICT)
    @APIResponse(responseCode = "415", ref = ApiDoc.UNSUPPORTED_MEDIA_TYPE)
    public ActionResult forget(@Parameter(description = "The transaction's id, as the in-doubt list gives it.") @PathParam("transactionId") String transactionId,
                               @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                       schema = @Schema(implementation = OperatorRequest.class))) String body) {
        OperatorRequest r = OperatorRequest.read(body);
        if (r.participantId() == null || r.participantId().isBlank()) {
            throw ProblemException.badRequest("participantId: is required: the participant's id, as the in-doubt list gives it.");
        }
        r.requireConfirmation("forgetting a participant");
        return operations.forget(actor(), transactionId, r.participantId(), r.reason());
    }

    @GET
    @Path("/payments/stuck")
    @Operation(operationId = "listStuckPayments", summary = "Card payments PENDING, UNKNOWN or NEEDS_OPERATOR, oldest first")
    @APIResponse(responseCode = "200", description = "The payments.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = PaymentContext.class)))
    @APIResponse(responseCode = "400", ref = ApiDoc.BAD_REQUEST)
    public List<PaymentContext> stuck(@Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "500", defaultValue = "100"))
                                      @QueryParam("limit") @DefaultValue("100") String limit) {
        return operations.stuckPayments(limit(limit));
    }

    @POST
    @Path("/payments/{id}/settle")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "settlePayment",
            summary = "Settle a card payment waiting for its outcome by what the acquirer told the operator")
    @APIResponse(responseCode = "200", description = "The payment, settled.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PaymentContext.class)))
    @APIResponse(responseCode = "400", ref = ApiDoc.BAD_REQUEST)
    @APIResponse(responseCode = "403", ref = ApiDoc.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ApiDoc.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ApiDoc.OPERATOR_CONFLICT)
    @APIResponse(responseCode = "415", ref = ApiDoc.UNSUPPORTED_MEDIA_TYPE)
    public PaymentContext settle(@PathParam("id") String id,
                                 @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                         schema = @Schema(implementation = OperatorRequest.class))) String body) {
        OperatorRequest r = OperatorRequest.read(body);
        if (!"APPROVED".equals(r.outcome()) && !"DECLINED".equals(r.outcome())) {
            throw ProblemException.badRequest("outcome: is required: APPROVED (the acquirer took or holds the money) or DECLINED.");
        }
        r.requireConfirmation("settling a payment");
        boolean approved = "APPROVED".equals(r.outcome());
        if (!approved && r.acquirerReference() != null) {
            throw ProblemException.badRequest("acquirerReference: only an APPROVED payment has one.");
        }
        return operations.settle(actor(), id, approved, r.acquirerReference(), r.reason());
    }

    @GET
    @Path("/audit")
    @Operation(operationId = "listAuditEntries", summary = "The audit trail, newest first")
    @APIResponse(responseCode = "200", description = "A page of entries; ask for the next with before = the last seq.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AuditPage.class)))
    @APIResponse(responseCode = "400", ref = ApiDoc.BAD_REQUEST)
    public AuditPage audit(@Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "500", defaultValue = "50"))
                           @QueryParam("limit") @DefaultValue("50") String limit,
                           @Parameter(description = "Only entries before this sequence number.",
                                   schema = @Schema(type = SchemaType.INTEGER, format = "int64", minimum = "1"))
                           @QueryParam("before") String before) {
        Long beforeSeq = null;
        if (before != null) {
            try {
                beforeSeq = Long.parseLong(before);
            } catch (NumberFormatException e) {
                beforeSeq = -1L;
            }
            if (beforeSeq < 1) {
                throw ProblemException.badRequest("before: must be a whole number >= 1 (an entry's seq).");
            }
        }
        return new AuditPage(operations.audit(limit(limit), beforeSeq));
    }

    @GET
    @Path("/audit/verify")
    @Operation(operationId = "verifyAuditTrail", summary = "Check the audit trail's hash chain and name its first broken link")
    @APIResponse(responseCode = "200", description = "The verdict.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AuditVerdict.class)))
    public AuditVerdict verify() {
        return operations.verifyAudit();
    }

    private String actor() {
        return Operator.name(security);
    }

    private static int limit(String limit) {
        int n;
        try {
            n = Integer.parseInt(limit);
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 1 || n > MAX_LIMIT) {
            throw ProblemException.badRequest("limit: must be a whole number from 1 to " + MAX_LIMIT + ".");
        }
        return n;
    }
}
