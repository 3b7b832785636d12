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
import jakarta.ws.rs.core.Response;

import java.util.List;

/**
 * Operating the vault. {@code GET} answers 200 while the vault serves every object (UP or
 * DEGRADED) and 503 when it is DOWN, so a load balancer or monitor can use it as a check.
 */
@Path("/admin/vault")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class VaultAdminResource {

    /** Health and counters in one document; {@code problems} names what else keeps the vault from UP (its applier). */
    public record VaultStatus(String status, List<String> offlineDisks, List<String> problems, VaultStatistics statistics) {
    }

    @EJB
    VaultAdministration vault;

    @GET
    public Response status() {
        VaultHealth h = vault.health();
        VaultStatus body = new VaultStatus(h.status().name(), h.offlineDisks(), h.problems(), vault.statistics());
        return Response.status(h.status() == VaultHealth.Status.DOWN ? 503 : 200).entity(body).build();
    }

    /** Runs a scrub now and answers with its report; {@code bytesPerSecond} limits its read rate (0: none). */
    @POST
    @Path("/scrub")
    public ScrubReport scrub(@QueryParam("bytesPerSecond") @DefaultValue("0") String bytesPerSecond) {
        long rate;
        try {
            rate = Long.parseLong(bytesPerSecond);
        } catch (NumberFormatException e) {
            rate = -1;
        }
        if (rate < 0) {
            throw ProblemException.badRequest("bytesPerSecond must be a whole number >= 0 (0 means no limit).");
        }
        return vault.scrub(rate);
    }

    /** Restores full redundancy onto disk {@code index} after its directory was replaced. */
    @POST
    @Path("/disks/{index}/rebuild")
    public ScrubReport rebuild(@PathParam("index") String index) {
        int disk;
        try {
            disk = Integer.parseInt(index);
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("The disk index must be a whole number, such as 0 or 1.");
        }
        try {
            return vault.rebuild(disk);
        } catch (jakarta.ejb.EJBException e) {
            if (e.getCause() instanceof IllegalArgumentException iae) {
                throw ProblemException.badRequest(iae.getMessage() + ".");
            }
            throw e;
        }
    }
}
