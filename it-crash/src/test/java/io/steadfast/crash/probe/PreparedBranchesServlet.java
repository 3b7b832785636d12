package io.steadfast.crash.probe;

import jakarta.annotation.Resource;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import javax.sql.DataSource;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * {@code GET /crash-probe/prepared}: the number of the database's own XA branches left prepared,
 * H2's {@code INFORMATION_SCHEMA.IN_DOUBT} or PostgreSQL's {@code pg_prepared_xacts} of this
 * database, read through the server's datasource (an H2 file database is open in the server
 * alone). Deployed by the crash tests only, never by the application.
 */
@WebServlet("/prepared")
public class PreparedBranchesServlet extends HttpServlet {

    @Resource(lookup = "java:jboss/datasources/SteadfastDS")
    private DataSource database;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try (Connection c = database.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(c.getMetaData().getDatabaseProductName().startsWith("PostgreSQL")
                     ? "select count(*) from pg_prepared_xacts where database = current_database()"
                     : "select count(*) from information_schema.in_doubt")) {
            rs.next();
            response.setContentType("text/plain");
            response.getWriter().print(rs.getLong(1));
        } catch (SQLException e) {
            response.sendError(503, "cannot read the prepared branches: " + e.getMessage());
        }
    }
}
