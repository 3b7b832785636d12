package io.steadfast.integrity.interfaces.rest;

import io.steadfast.integrity.infrastructure.IntegrityRepairs;
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
    IntegrityRepairs repairs;

    @GET
    @Operation(operationId = "listQuarantinedRows", summary = "Rows that failed their integrity codes beyond repair, oldest first")
    @APIResponse(responseCode = "200", description = "The quarantined rows.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.ARRAY,
                            implementation = QuarantinedRowView.class)))
    public List<QuarantinedRowView> list() {
        return repairs.quarantined().stream()
                .map(q -> new QuarantinedRowView(q.getEntity(), q.getEntityId(), q.getReason(), q.getDetectedAt().toString()))
                .toList();
    }
}
