package io.steadfast.cluster.probe;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import java.io.IOException;
import java.util.ArrayList;

/**
 * The servlet of the probe web application that {@code SessionAttributeMutationIT} deploys beside
 * Steadfast: one session attribute, a list, that is put into the session once and then only
 * changed in place, never set again. POST adds {@code ?add=} to it; GET shows it, comma separated.
 */
@WebServlet("/list")
public class SessionProbeServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    static final String ATTRIBUTE = "list";

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HttpSession session = request.getSession();
        @SuppressWarnings("unchecked")
        ArrayList<String> list = (ArrayList<String>) session.getAttribute(ATTRIBUTE);
        if (list == null) {
            list = new ArrayList<>();
            session.setAttribute(ATTRIBUTE, list);
        }
        // after setAttribute (this request's, or an earlier one's): a change in place only
        list.add(request.getParameter("add"));
        answer(response, list);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HttpSession session = request.getSession(false);
        if (session == null) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND, "no such session here");
            return;
        }
        @SuppressWarnings("unchecked")
        ArrayList<String> list = (ArrayList<String>) session.getAttribute(ATTRIBUTE);
        answer(response, list == null ? new ArrayList<>() : list);
    }

    private static void answer(HttpServletResponse response, ArrayList<String> list) throws IOException {
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().write(String.join(",", list));
    }
}
