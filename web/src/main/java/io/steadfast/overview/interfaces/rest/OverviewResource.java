package io.steadfast.overview.interfaces.rest;

import io.steadfast.overview.application.OperationsOverview;
import io.steadfast.web.ApiDoc;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/**
 * The admin console's overview of this node: the vault per disk, Narayana's transaction figures,
 * payments per state and what is in doubt, now ({@code GET}) and sampled once a minute over the
 * last hour ({@code GET /history}, kept in memory per node, empty after a restart). Operators of
 * either role may read it (web.xml).
 */
@Path("/admin/overview")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin")
@SecurityRequirement(name = ApiDoc.OPERATOR_SECURITY)
@APIResponse(responseCode = "401", ref = ApiDoc.UNAUTHORIZED)
@APIResponse(responseCode = "406", ref = ApiDoc.NOT_ACCEPTABLE)
@APIResponse(responseCode = "500", ref = ApiDoc.INTERNAL_ERROR)
public class OverviewResource {

    /** The samples of the last hour, oldest first. */
    @Schema(name = "OverviewHistory", requiredProperties = {"intervalSeconds", "capacity", "points"})
    public record HistoryView(@Schema(description = "Seconds between two samples.") int intervalSeconds,
                              @Schema(description = "The most samples kept.") int capacity,
                              List<OverviewView> points) {
    }

    @EJB
    OperationsOverview overview;

    @GET
    @Operation(operationId = "getOverview", summary = "The figures of this node now: vault per disk, transactions, payments per state, in doubt")
    @APIResponse(responseCode = "200", description = "Read now; a figure that could not be read is -1 (the vault: DOWN with the reason).",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OverviewView.class)))
    public OverviewView current() {
        return OverviewView.of(overview.current());
    }

    @GET
    @Path("/history")
    @Operation(operationId = "getOverviewHistory", summary = "This node's figures sampled once a minute over the last hour")
    @APIResponse(responseCode = "200", description = "Oldest first; empty just after the server started.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = HistoryView.class)))
    public HistoryView history() {
        return new HistoryView(60, OperationsOverview.HISTORY_POINTS, overview.history().stream().map(OverviewView::of).toList());
    }
}
