package io.steadfast.crash;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Random;

/**
 * The child JVM of {@link H2CrashReadTest}: opens the database with the server's settings, leaves
 * transactions open on other connections, commits rows one by one printing {@code acked <id>}
 * after each commit returns, and halts the JVM (no shutdown hook, no close) after a chosen number.
 */
public final class H2CrashWriter {

    private H2CrashWriter() {
    }

    public static void main(String[] args) throws SQLException {
        String url = args[0];
        long seed = Long.parseLong(args[1]);
        int commits = Integer.parseInt(args[2]);
        Random random = new Random(seed);
        try (Connection c = DriverManager.getConnection(url, "sa", "sa")) {
            H2CrashReadTest.createSchema(c);
            c.setAutoCommit(false);
            // Transactions left open when the JVM dies: an insert, and an update of a committed row.
            Connection open1 = DriverManager.getConnection(url, "sa", "sa");
            open1.setAutoCommit(false);
            open1.createStatement().execute("insert into payment (id, status, method, amount_minor) values ('open-" + seed
                    + "', 'PENDING', 'CARD', 1)");
            Connection open2 = DriverManager.getConnection(url, "sa", "sa");
            open2.setAutoCommit(false);
            open2.createStatement().executeUpdate("update payment set status = 'REFUNDED' where status = 'CAPTURED'");
            PreparedStatement insert = c.prepareStatement("insert into payment (id, status, method, amount_minor) values (?, ?, ?, ?)");
            String[] statuses = {"CAPTURED", "AUTHORIZED", "PENDING", "DECLINED"};
            String[] methods = {"CARD", "WALLET", "BANK_TRANSFER"};
            for (int i = 0; i < commits; i++) {
                String id = seed + "-" + i;
                insert.setString(1, id);
                insert.setString(2, statuses[random.nextInt(statuses.length)]);
                insert.setString(3, methods[random.nextInt(methods.length)]);
                insert.setLong(4, 1 + random.nextInt(1_000_000));
                insert.executeUpdate();
                c.commit();
                System.out.println("acked " + id);
            }
            System.out.flush();
            Runtime.getRuntime().halt(9);
        }
    }
}
