package io.steadfast.operations.interfaces.rest;

import io.steadfast.web.problem.Problem;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

import java.util.Set;

/**
 * Refuses an admin action that a browser could have sent from another site on the strength of the
 * console's session cookie (cross-site request forgery). The console sends
 * {@code X-Requested-With} with every call, a header a page of another origin cannot add without a
 * CORS preflight the server never grants; API clients sign every request with HTTP Basic, which a
 * browser does not add on its own. So an action (anything but GET, HEAD, OPTIONS) under
 * {@code /admin} needs one of the two.
 */
@Provider
public class SameOriginActions implements ContainerRequestFilter {

    static final String HEADER = "X-Requested-With";

    private static final Set<String> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    @Override
    public void filter(ContainerRequestContext request) {
        if (SAFE.contains(request.getMethod()) || !request.getUriInfo().getPath().startsWith("admin/")
                && !request.getUriInfo().getPath().startsWith("/admin/")) {
            return;
        }
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization != null && !authorization.isBlank() || request.getHeaderString(HEADER) != null) {
            return;
        }
        request.abortWith(Problem.of(403, "forbidden", "Forbidden",
                "An admin action from the console must carry the " + HEADER + " header, and one from a program HTTP Basic "
                        + "credentials; this request had neither, as a request forged by another site would not.").toResponse());
    }
}
