package io.steadfast.payment.interfaces.rest;

import io.steadfast.payment.application.LedgerBalance;
import io.steadfast.payment.application.PaymentService;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import io.steadfast.web.ApiDoc;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The ledger's balances per account and currency, and the total per currency (always zero). */
@Path("/admin/ledger")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin")
@org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement(name = ApiDoc.OPERATOR_SECURITY)
@APIResponse(responseCode = "401", ref = ApiDoc.UNAUTHORIZED)
@APIResponse(responseCode = "406", ref = ApiDoc.NOT_ACCEPTABLE)
@APIResponse(responseCode = "500", ref = ApiDoc.INTERNAL_ERROR)
public class LedgerResource {

    /** Balances, and per currency the sum of every entry: zero when the books balance. */
    public record LedgerView(List<LedgerBalance> balances, Map<String, Long> totalPerCurrency) {
    }

    @EJB
    PaymentService payments;

    @GET
    @Operation(operationId = "getLedger", summary = "Ledger balances, and the total per currency (always 0)")
    @APIResponse(responseCode = "200", description = "Balances per account and currency, in minor units (debits positive).",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = LedgerView.class)))
    public LedgerView balances() {
        List<LedgerBalance> balances = payments.ledgerBalances();
        Map<String, Long> totals = new TreeMap<>();
        balances.forEach(b -> totals.merge(b.currency(), b.balanceMinor(), Long::sum));
        return new LedgerView(balances, totals);
    }
}
