package io.steadfast.integrity.interfaces.rest;

import io.steadfast.integrity.infrastructure.IntegrityRepairs;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/** Rows that failed their integrity codes beyond repair, oldest first. */
@Path("/admin/quarantine")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class QuarantineResource {

    /** One quarantined row. */
    public record QuarantinedRowView(String entity, String id, String reason, String detectedAt) {
    }

    @EJB
    IntegrityRepairs repairs;

    @GET
    public List<QuarantinedRowView> list() {
        return repairs.quarantined().stream()
                .map(q -> new QuarantinedRowView(q.getEntity(), q.getEntityId(), q.getReason(), q.getDetectedAt().toString()))
                .toList();
    }
}
