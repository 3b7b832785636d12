package io.steadfast.vault.interfaces.rest;

import io.steadfast.vault.api.ScrubReport;
import io.steadfast.vault.api.VaultHealth;
import io.steadfast.vault.api.VaultStatistics;
import io.steadfast.vault.application.VaultAdministration;
import io.steadfast.web.problem.ProblemException;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import io.steadfast.operations.interfaces.rest.OperatorRequest;
import io.steadfast.web.ApiDoc;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import jakarta.ws.rs.core.Response;

import java.util.List;

/**
 * Operating the vault. {@code GET} answers 200 while the vault serves every object (UP or
 * DEGRADED) and 503 when it is DOWN, so a load balancer or monitor can use it as a check.
 */
@Path("/admin/vault")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin")
@org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement(name = ApiDoc.OPERATOR_SECURITY)
@APIResponse(responseCode = "401", ref = ApiDoc.UNAUTHORIZED)
@APIResponse(responseCode = "406", ref = ApiDoc.NOT_ACCEPTABLE)
@APIResponse(responseCode = "500", ref = ApiDoc.INTERNAL_ERROR)
public class VaultAdminResource {

    /** Health and counters in one document; {@code problems} names what else keeps the vault from UP (its applier). */
    @Schema(requiredProperties = {"status", "offlineDisks", "problems", "statistics"})
    public record VaultStatus(@Schema(enumeration = {"UP", "DEGRADED", "DOWN"}) String status,
                              @Schema(description = "The disks out of service.") List<String> offlineDisks,
                              @Schema(description = "What else keeps the vault from UP, such as a failing applier.") List<String> problems,
                              VaultStatistics statistics) {
    }

    @EJB
    VaultAdministration vault;

    @EJB
    io.steadfast.operations.application.Operations operations;

    @jakarta.ws.rs.core.Context
    jakarta.ws.rs.core.SecurityContext security;

    @GET
    @Operation(operationId = "getVaultStatus", summary = "The vault's health and counters")
    @APIResponse(responseCode = "200", description = "UP, or DEGRADED: a disk is out of service and every object is still served.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = VaultStatus.class)))
    @APIResponse(responseCode = "503", description = "DOWN: the vault cannot serve every object or take writes (the same document).",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = VaultStatus.class)))
    public Response status() {
        VaultHealth h = vault.health();
        VaultStatus body = new VaultStatus(h.status().name(), h.offlineDisks(), h.problems(), vault.statistics());
        return Response.status(h.status() == VaultHealth.Status.DOWN ? 503 : 200).entity(body).build();
    }

    /** Runs a scrub now and answers with its report; {@code bytesPerSecond} limits its read rate (0: none). */
    @POST
    @Path("/scrub")
    @Operation(operationId = "scrubVault", summary = "Verify every chunk now and repair what can be rebuilt")
    @APIResponse(responseCode = "200", description = "The scrub's report.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ScrubReport.class)))
    @APIResponse(responseCode = "400", ref = ApiDoc.BAD_REQUEST)
    @APIResponse(responseCode = "403", ref = ApiDoc.FORBIDDEN)
    @jakarta.ws.rs.Consumes(MediaType.WILDCARD)
    public ScrubReport scrub(@Parameter(description = "Read rate limit; 0: none.",
            schema = @Schema(type = SchemaType.INTEGER, format = "int64", minimum = "0", defaultValue = "0"))
                             @QueryParam("bytesPerSecond") @DefaultValue("0") String bytesPerSecond,
                             @org.eclipse.microprofile.openapi.annotations.parameters.RequestBody(required = true,
                                     content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                             schema = @Schema(implementation = OperatorRequest.class))) String body) {
        OperatorRequest request = OperatorRequest.read(body);
        long rate;
        try {
            rate = Long.parseLong(bytesPerSecond);
        } catch (NumberFormatException e) {
            rate = -1;
        }
        if (rate < 0) {
            throw ProblemException.badRequest("bytesPerSecond must be a whole number >= 0 (0 means no limit).");
        }
        ScrubReport report = vault.scrub(rate);
        operations.audited(io.steadfast.operations.interfaces.rest.Operator.name(security), "vault.scrub", "vault", request.reason(), null,
                io.steadfast.web.JsonbResolver.JSONB.toJson(report));
        return report;
    }

    /** Restores full redundancy onto disk {@code index} after its directory was replaced. */
    @POST
    @Path("/disks/{index}/rebuild")
    @Operation(operationId = "rebuildVaultDisk", summary = "Restore full redundancy onto a replaced disk")
    @APIResponse(responseCode = "200", description = "The report of the pass that rebuilt the disk.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ScrubReport.class)))
    @APIResponse(responseCode = "400", ref = ApiDoc.BAD_REQUEST)
    @APIResponse(responseCode = "403", ref = ApiDoc.FORBIDDEN)
    @jakarta.ws.rs.Consumes(MediaType.WILDCARD)
    public ScrubReport rebuild(@Parameter(description = "The disk's index, from 0.",
            schema = @Schema(type = SchemaType.INTEGER, format = "int32", minimum = "0")) @PathParam("index") String index,
                               @org.eclipse.microprofile.openapi.annotations.parameters.RequestBody(required = true,
                                       content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                               schema = @Schema(implementation = OperatorRequest.class))) String body) {
        OperatorRequest request = OperatorRequest.read(body);
        request.requireConfirmation("rebuilding a disk rewrites every chunk it should hold");
        int disk;
        try {
            disk = Integer.parseInt(index);
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("The disk index must be a whole number, such as 0 or 1.");
        }
        try {
            ScrubReport report = vault.rebuild(disk);
            operations.audited(io.steadfast.operations.interfaces.rest.Operator.name(security), "vault.rebuild", "vault disk " + disk, request.reason(), null,
                    io.steadfast.web.JsonbResolver.JSONB.toJson(report));
            return report;
        } catch (jakarta.ejb.EJBException e) {
            if (e.getCause() instanceof IllegalArgumentException iae) {
                throw ProblemException.badRequest(iae.getMessage() + ".");
            }
            throw e;
        }
    }
}
