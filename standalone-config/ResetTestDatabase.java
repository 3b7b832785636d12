import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Empties a test suite's PostgreSQL database before a run, as the H2 suites start from an empty
 * data folder: rolls back the branches a killed earlier run left prepared in it (nothing else
 * would ever settle them: the transaction log went with the server's data folder, and they hold
 * their locks), then drops and recreates the schema {@code public}. Only a database whose name
 * ends in {@code _it}, {@code _test} or {@code _crash} is touched, so a mistyped URL cannot empty
 * a real one. Run by the build (-Ppostgresql) in source-file mode:
 * <pre>java -cp postgresql.jar standalone-config/ResetTestDatabase.java URL USER PASSWORD</pre>
 */
public class ResetTestDatabase {

    public static void main(String[] args) throws SQLException {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: ResetTestDatabase URL USER PASSWORD");
        }
        String url = args[0];
        String name = url.replaceFirst("^jdbc:postgresql://[^/]*/", "").replaceFirst("[?].*$", "");
        if (!name.matches("[A-Za-z0-9_]+_(it|test|crash)")) {
            throw new IllegalArgumentException("refusing to empty database '" + name + "' of " + url
                    + ": only a test database (a name ending in _it, _test or _crash) is emptied before a run");
        }
        try (Connection c = DriverManager.getConnection(url, args[1], args[2]); Statement s = c.createStatement()) {
            c.setAutoCommit(true);
            List<String> prepared = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("select gid from pg_prepared_xacts where database = current_database()")) {
                while (rs.next()) {
                    prepared.add(rs.getString(1));
                }
            }
            for (String gid : prepared) {
                s.execute("ROLLBACK PREPARED '" + gid.replace("'", "''") + "'");
            }
            s.execute("DROP SCHEMA IF EXISTS public CASCADE");
            s.execute("CREATE SCHEMA public");
            System.out.println("ResetTestDatabase: emptied " + name + " (schema public recreated, " + prepared.size()
                    + " prepared transaction(s) of an earlier run rolled back)");
        }
    }
}
