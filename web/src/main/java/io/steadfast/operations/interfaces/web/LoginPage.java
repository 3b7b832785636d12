package io.steadfast.operations.interfaces.web;

import io.steadfast.web.JsonbResolver;
import io.steadfast.web.problem.Problem;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The console's sign-in page, where the FORM mechanism sends every request that is not signed in
 * (web.xml). A request for the admin API gets a 401 problem document instead (with the Basic
 * challenge API clients answer), since a program has no use for a page; a browser gets the page,
 * {@code admin/login.html} of the WAR.
 */
@WebServlet(urlPatterns = LoginPage.PATH)
public class LoginPage extends HttpServlet {

    private static final long serialVersionUID = 1L;
    static final String PATH = "/admin/login.html";

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setHeader("Cache-Control", "no-store");
        Object forwardedFrom = req.getAttribute(RequestDispatcher.FORWARD_REQUEST_URI);
        if (forwardedFrom instanceof String uri && uri.startsWith(req.getContextPath().replaceAll("/$", "") + "/api/")) {
            Problem problem = Problem.unauthorized();
            resp.setStatus(401);
            resp.setHeader("WWW-Authenticate", "Basic realm=\"steadfast\", charset=\"UTF-8\"");
            resp.setContentType(Problem.MEDIA_TYPE);
            resp.getOutputStream().write(JsonbResolver.JSONB.toJson(problem).getBytes(StandardCharsets.UTF_8));
            return;
        }
        resp.setContentType("text/html;charset=UTF-8");
        try (InputStream page = getServletContext().getResourceAsStream(PATH)) {
            if (page != null) {
                page.transferTo(resp.getOutputStream());
            } else {
                resp.getOutputStream().write(FALLBACK.getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    /** The form alone, for a WAR built without the console's page. */
    private static final String FALLBACK = """
            <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Steadfast: sign in</title></head>
            <body><h1>Steadfast operations</h1><form method="post" action="/j_security_check">
            <label>User <input name="j_username" autocomplete="username" required></label>
            <label>Password <input name="j_password" type="password" autocomplete="current-password" required></label>
            <button type="submit">Sign in</button></form></body></html>
            """;
}
