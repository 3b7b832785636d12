package io.steadfast.integrity.interfaces.rest;

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

/** Rows that failed their integrity codes beyond repair, oldest first. */
@Path("/admin/quarantine")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin")
@org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement(name = ApiDoc.OPERATOR_SECURITY)
@APIResponse(responseCode = "401", ref = ApiDoc.UNAUTHORIZED)
@APIResponse(responseCode = "406", ref = ApiDoc.NOT_ACCEPTABLE)
@APIResponse(responseCode = "500", ref = ApiDoc.INTERNAL_ERROR)
public class QuarantineResource {

    /** One quarantined row. */
    @Schema(requiredProperties = {"entity", "id", "reason", "detectedAt"})
    public record QuarantinedRowView(String entity, String id, String reason, @Schema(format = "date-time") String detectedAt) {
    }

    @EJB
    io.steadfast.operations.application.Operations operations;

    @jakarta.ws.rs.core.Context
    jakarta.ws.rs.core.SecurityContext security;

    /**
     * Takes a row out of quarantine after an operator repaired it: it must pass its integrity
     * codes now. Audited with the reason.
     */
    @jakarta.ws.rs.POST
    @jakarta.ws.rs.Path("/{entity}/{id}/release")
    @jakarta.ws.rs.Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "releaseQuarantinedRow", summary = "Release a repaired row from quarantine")
    @APIResponse(responseCode = "204", description = "Released: the row passes its integrity codes again.")
    @APIResponse(responseCode = "400", ref = ApiDoc.BAD_REQUEST)
    @APIResponse(responseCode = "403", ref = ApiDoc.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ApiDoc.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ApiDoc.OPERATOR_CONFLICT)
    @APIResponse(responseCode = "415", ref = ApiDoc.UNSUPPORTED_MEDIA_TYPE)
    public jakarta.ws.rs.core.Response release(@jakarta.ws.rs.PathParam("entity") String entity, @jakarta.ws.rs.PathParam("id") String id,
                                              @org.eclipse.microprofile.openapi.annotations.parameters.RequestBody(required = true,
                                                      content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                                              schema = @Schema(implementation = io.steadfast.operations.interfaces.rest.OperatorRequest.class)))
                                              String body) {
        io.steadfast.operations.interfaces.rest.OperatorRequest request = io.steadfast.operations.interfaces.rest.OperatorRequest.read(body);
        operations.releaseQuarantine(io.steadfast.operations.interfaces.rest.Operator.name(security), entity, id, request.reason());
        return jakarta.ws.rs.core.Response.noContent().build();
    }

    @GET
    @Operation(operationId = "listQuarantinedRows", summary = "Rows that failed their integrity codes beyond repair, oldest first")
    @APIResponse(responseCode = "200", description = "The quarantined rows.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.ARRAY,
                            implementation = QuarantinedRowView.class)))
    public List<QuarantinedRowView> list() {
        return operations.quarantined().stream()
                .map(q -> new QuarantinedRowView(q.entity(), q.id(), q.reason(), q.detectedAt().toString()))
                .toList();
    }
}
