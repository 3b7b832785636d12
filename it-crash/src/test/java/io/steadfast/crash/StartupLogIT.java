package io.steadfast.crash;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an operator reads in the server log when a server starts with Steadfast in its deployments
 * folder, as the run command's and the cluster's do (the in-container suite deploys to a running
 * server instead, which does not show this): no failed management operation. The transaction
 * manager's startup check used to read {@code subsystem=transactions} while the deployment was
 * being installed, and WildFly logged the failed read as an ERROR (WFLYCTL0013) at every start.
 * Every start of this module's server so far is read: the first, and the restarts after kills.
 */
@ExtendWith(CrashServerExtension.class)
class StartupLogIT {

    @Test
    void noStartLogsAFailedManagementOperation(CrashServer server) throws Exception {
        server.awaitServing(java.time.Duration.ofSeconds(180));
        List<List<String>> starts = new ArrayList<>();
        List<String> current = null;
        for (String line : Files.readAllLines(server.serverLog())) {
            if (line.contains("WFLYSRV0049")) { // "WildFly ... starting"
                current = new ArrayList<>();
                starts.add(current);
            }
            if (current != null) {
                current.add(line);
            }
            if (line.contains("WFLYSRV0025")) { // "WildFly ... started in ..."
                current = null;
            }
        }
        assertThat(starts).as("starts of the crash-test server in its log").isNotEmpty();
        assertThat(starts.get(starts.size() - 1)).as("the last start, which deployed the EAR and finished")
                .anyMatch(l -> l.contains("WFLYSRV0027") && l.contains("\"steadfast.ear\""))
                .anyMatch(l -> l.contains("WFLYSRV0025"));
        for (List<String> start : starts) {
            assertThat(start).as("a start of the server, from " + start.get(0)).noneMatch(l -> l.contains("WFLYCTL0013"));
        }
    }

    /**
     * The application asks Narayana for a recovery pass as soon as it is deployed
     * (RecoveryAtDeployment), rather than leaving what a crash left in doubt to the next periodic
     * pass: the server that runs now logged that pass, and no start logged it failing. The
     * crash matrix measures what it gains (PERFORMANCE.md).
     */
    @Test
    void theDeploymentRunsARecoveryPass(CrashServer server) throws Exception {
        server.awaitServing(Duration.ofSeconds(180));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<String> lastStart = lastStart(server);
        while (lastStart.stream().noneMatch(l -> l.contains("STEADFAST-RECOVERY-0001")) && System.nanoTime() < deadline) {
            Thread.sleep(200); // polling the log for the pass, with a deadline
            lastStart = lastStart(server);
        }
        assertThat(lastStart).as("the running server's start, in %s", server.serverLog())
                .anyMatch(l -> l.contains("STEADFAST-RECOVERY-0001"));
        assertThat(Files.readAllLines(server.serverLog())).as("every start in %s", server.serverLog())
                .noneMatch(l -> l.contains("STEADFAST-RECOVERY-0002"));
    }

    /** The log's lines from the last "WildFly ... starting" on. */
    private static List<String> lastStart(CrashServer server) throws java.io.IOException {
        List<String> lines = Files.readAllLines(server.serverLog());
        int from = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("WFLYSRV0049")) {
                from = i;
            }
        }
        return lines.subList(from, lines.size());
    }
}
