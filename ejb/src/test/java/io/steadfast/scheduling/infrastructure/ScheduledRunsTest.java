package io.steadfast.scheduling.infrastructure;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ScheduledRunsTest {

    /**
     * A task's last run names the node that ran it; a server started without steadfast.node.id
     * must name itself as its transaction manager and its vault do, or an operator reads two
     * names for one node.
     */
    @Test
    void theNodeDefaultsToTheScriptsDefault() throws IOException {
        String node = System.clearProperty(ScheduledRuns.NODE_PROPERTY);
        try {
            assertThat(ScheduledRuns.node()).isEqualTo(ScheduledRuns.DEFAULT_NODE_ID);
        } finally {
            if (node != null) {
                System.setProperty(ScheduledRuns.NODE_PROPERTY, node);
            }
        }
        String text = Files.readString(Path.of("..", "standalone-config", "configure-transactions.cli"));
        assertThat(text).contains("${steadfast.node.id:" + ScheduledRuns.DEFAULT_NODE_ID + "}")
                .doesNotContainPattern("\\$\\{steadfast\\.node\\.id:(?!" + ScheduledRuns.DEFAULT_NODE_ID + "\\})");
    }
}
