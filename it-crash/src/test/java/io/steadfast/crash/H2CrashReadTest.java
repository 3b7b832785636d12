package io.steadfast.crash;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded database's two promises, on H2 alone (the version WildFly ships) with the server's
 * connection settings: a commit that returned survives the JVM being halted, and enum-like columns
 * read back as their names afterwards. A child JVM commits rows with transactions open on other
 * connections and halts; the test reopens the database and reads every row.
 *
 * <p>The columns are {@code VARCHAR} with a check constraint, as Hibernate generates them for the
 * payment's status and method ({@code @JdbcTypeCode(SqlTypes.VARCHAR)}): H2 2.2.224's native
 * {@code ENUM} columns read back as ordinals after such a halt (the test keeps one such column
 * and prints how many of its values came back as numbers, as evidence for that choice).
 */
class H2CrashReadTest {

    /** The URL settings of standalone-config/configure-datasource.cli that matter here. */
    static final String SETTINGS = ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";

    @TempDir
    Path dir;

    static void createSchema(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("create table if not exists payment (id varchar(60) primary key, "
                    + "status varchar(20) not null check (status in ('PENDING','AUTHORIZED','CAPTURED','DECLINED','REFUNDED')), "
                    + "method varchar(20) not null check (method in ('CARD','WALLET','BANK_TRANSFER')), "
                    + "amount_minor bigint not null, "
                    + "legacy_enum enum('A','B','C') default 'C')");
        }
    }

    @Test
    void everyAcknowledgedRowReadsBackAfterHalts() throws Exception {
        long seed = Long.getLong("seed", System.nanoTime() % 1_000_000_000L);
        System.out.println("H2CrashReadTest seed=" + seed + " (replay with -Dseed=" + seed + ")");
        String url = "jdbc:h2:" + dir.resolve("db") + SETTINGS;
        Set<String> acked = new HashSet<>();
        java.util.Random random = new java.util.Random(seed);
        for (int cycle = 0; cycle < 3; cycle++) {
            acked.addAll(runChild(url, seed * 10 + cycle, 50 + random.nextInt(150)));
            try (Connection c = DriverManager.getConnection(url, "sa", "sa");
                 ResultSet r = c.createStatement().executeQuery("select id, status, method, legacy_enum from payment")) {
                Set<String> found = new HashSet<>();
                int enumsAsOrdinals = 0;
                while (r.next()) {
                    found.add(r.getString(1));
                    assertThat(r.getString(2)).as("status of %s", r.getString(1))
                            .isIn("PENDING", "AUTHORIZED", "CAPTURED", "DECLINED", "REFUNDED");
                    assertThat(r.getString(3)).as("method of %s", r.getString(1)).isIn("CARD", "WALLET", "BANK_TRANSFER");
                    if (!List.of("A", "B", "C").contains(r.getString(4))) {
                        enumsAsOrdinals++;
                    }
                }
                assertThat(found).as("cycle %d: every acknowledged commit after the halt", cycle).containsAll(acked);
                assertThat(found).as("open transactions left nothing behind").noneMatch(id -> id.startsWith("open-"));
                System.out.println("cycle " + cycle + ": " + acked.size() + " acknowledged rows read back; native ENUM values read as ordinals: "
                        + enumsAsOrdinals);
            }
        }
    }

    /** Runs the writer until it halts itself; the ids it acknowledged. */
    private static Set<String> runChild(String url, long seed, int commits) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), H2CrashWriter.class.getName(),
                url, Long.toString(seed), Integer.toString(commits))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Set<String> acked = new HashSet<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith("acked ")) {
                    acked.add(line.substring(6));
                }
            }
        }
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("the writer ended").isTrue();
        assertThat(child.exitValue()).as("the writer halted itself (exit 9) after its commits").isEqualTo(9);
        assertThat(acked).hasSize(commits);
        return acked;
    }
}
