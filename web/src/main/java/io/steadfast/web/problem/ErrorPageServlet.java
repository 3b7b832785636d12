package io.steadfast.web.problem;

import io.steadfast.web.JsonbResolver;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.Response.Status;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The error page of the WAR (WEB-INF/web.xml): what the servlet container itself answers (an
 * unknown path outside the JAX-RS application such as {@code /api/v2/...}, an error before
 * JAX-RS is reached) is a problem document too, not Undertow's HTML page.
 */
@WebServlet(urlPatterns = ErrorPageServlet.PATH)
public class ErrorPageServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    static final String PATH = "/problem-error-page";

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Object code = req.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        Throwable error = (Throwable) req.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        int status = code instanceof Integer i ? i : Status.NOT_FOUND.getStatusCode();
        Problem problem = problemFor(status, error);
        if (resp.isCommitted()) {
            return;
        }
        resp.resetBuffer();
        resp.setStatus(problem.status());
        resp.setContentType(Problem.MEDIA_TYPE);
        byte[] json = JsonbResolver.JSONB.toJson(problem).getBytes(StandardCharsets.UTF_8);
        resp.setContentLength(json.length);
        resp.getOutputStream().write(json);
    }

    static Problem problemFor(int status, Throwable error) {
        if (error != null || status >= 500) {
            String reference = UUID.randomUUID().toString();
            StackTraceLimiter.logUnexpected(reference, error != null ? error : new IllegalStateException("servlet container answered " + status));
            return Problem.of(Status.INTERNAL_SERVER_ERROR, "internal-error", "Internal error",
                    "The server could not complete the request. Quote reference " + reference + " to the operator.");
        }
        if (status == 401) {
            return Problem.unauthorized();
        }
        if (status == 403) {
            return Problem.of(403, "forbidden", "Forbidden",
                    "Your role may only read (auditor); this action needs an operator with role admin.");
        }
        if (status == 404) {
            return Problem.of(Status.NOT_FOUND, "not-found", "Not found", "There is no resource at this address.");
        }
        Status s = Status.fromStatusCode(status);
        String title = s == null ? "Client error" : s.getReasonPhrase();
        return Problem.of(status, "http-" + status, title, title + ".");
    }
}
