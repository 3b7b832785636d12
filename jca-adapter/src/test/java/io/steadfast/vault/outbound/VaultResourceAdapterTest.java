package io.steadfast.vault.outbound;

import io.steadfast.vault.api.VaultHealth;
import io.steadfast.vault.engine.IoFaults;
import io.steadfast.vault.engine.OpenFiles;
import io.steadfast.vault.engine.Vault;
import io.steadfast.vault.engine.VaultConfig;
import io.steadfast.vault.engine.VaultThreadsAlive;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.InvalidPropertyException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.logging.StreamHandler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The resource adapter's side of the vault: settings checked when the connection factory is made
 * (deployment), every file given back when the adapter stops, and numbered lines for what an
 * operator must know (a skipped journal copy, the applier failing and recovering).
 */
class VaultResourceAdapterTest {

    @TempDir
    Path dir;

    private final VaultResourceAdapter adapter = new VaultResourceAdapter();
    /** What is logged under io.steadfast.vault (jboss-logging's lines reach java.util.logging outside the server). */
    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private final StreamHandler handler = new StreamHandler(logged, new SimpleFormatter());
    private final Logger vaultLogger = Logger.getLogger("io.steadfast.vault");

    {
        vaultLogger.addHandler(handler);
    }

    @AfterEach
    void stop() {
        adapter.stop();
        vaultLogger.removeHandler(handler);
    }

    private String log() {
        handler.flush();
        return logged.toString(StandardCharsets.UTF_8);
    }

    private VaultManagedConnectionFactory definition(String layout, int disks, int dataChunks) {
        VaultManagedConnectionFactory mcf = new VaultManagedConnectionFactory();
        StringBuilder dirs = new StringBuilder();
        for (int i = 0; i < disks; i++) {
            dirs.append(i == 0 ? "" : ",").append(dir.resolve("disk-" + i));
        }
        mcf.setDirectories(dirs.toString());
        mcf.setLayout(layout);
        mcf.setDataChunks(dataChunks);
        mcf.setParityChunks(1);
        mcf.setNodeId("n1");
        mcf.setResourceAdapter(adapter);
        return mcf;
    }

    private static final ConnectionManager NO_POOL = (mcf, info) -> {
        throw new UnsupportedOperationException("no connections in this test");
    };

    @Test
    void stopClosesEveryFileOfTheVaultSoThatItOpensAgain() throws Exception {
        adapter.start(null);
        VaultManagedConnectionFactory mcf = definition("mirror", 2, 2);
        Vault engine = mcf.engine();
        engine.put("receipt-1", "signed".getBytes(StandardCharsets.US_ASCII));
        assertThat(OpenFiles.under(dir)).as("lock, journal copies and segments while it runs").isNotEmpty();

        adapter.stop();

        assertThat(OpenFiles.under(dir)).as("files still open after the adapter stopped").isEmpty();
        assertThat(log()).contains("STEADFAST-VAULT-0003");
        try (Vault again = Vault.open(mcf.config())) {
            assertThat(again.get("receipt-1")).hasValue("signed".getBytes(StandardCharsets.US_ASCII));
        }
    }


    /**
     * The engines' threads come from the adapter (no static pools) and end when it stops: an
     * engine on two disks runs its applier and forces both disks' journal copies and segments in
     * parallel while it works, and nothing of it runs after the adapter's stop has returned.
     */
    @Test
    void stopEndsEveryThreadOfTheVault() throws Exception {
        java.util.Set<Thread> before = VaultThreadsAlive.now();
        adapter.start(null);
        Vault engine = definition("mirror", 2, 2).engine();
        for (int i = 0; i < 20; i++) {
            engine.put("receipt-" + i, "signed".getBytes(StandardCharsets.US_ASCII));
        }
        engine.checkpoint();
        assertThat(VaultThreadsAlive.since(before)).as("the applier and the forcers while it runs")
                .contains("steadfast-vault-applier-n1").anyMatch(name -> name.matches("steadfast-vault-\\d+"));

        adapter.stop();

        // A pool's last worker reports the pool terminated just before its thread ends: poll, with a deadline.
        await("every vault thread ends once the adapter stopped").atMost(Duration.ofSeconds(10))
                .until(() -> VaultThreadsAlive.since(before).isEmpty());
    }

    @Test
    void theClusterRootIsNoneByDefaultAndMustHoldTheNodesDisks() throws Exception {
        VaultManagedConnectionFactory own = definition("mirror", 2, 2);
        assertThat(own.getClusterRoot()).isEqualTo("none");
        assertThat(own.config().clusterRoot()).as("none: a vault of its own").isNull();
        own.setClusterRoot(" ");
        assertThat(own.config().clusterRoot()).isNull();

        VaultManagedConnectionFactory shared = definition("mirror", 2, 2);
        shared.setDirectories(dir.resolve("n1/disk-0") + "," + dir.resolve("n1/disk-1"));
        shared.setClusterRoot(dir.toString());
        assertThat(shared.config().clusterRoot()).isEqualTo(dir.toAbsolutePath().normalize());

        VaultManagedConnectionFactory outside = definition("mirror", 2, 2);
        outside.setClusterRoot(dir.resolve("cluster").toString());
        assertThatThrownBy(outside::config).hasMessageStartingWith("STEADFAST-VAULT-0013").hasMessageContaining("is not inside");
    }

    /**
     * One default node id: an unconfigured connection factory's, and the one the CLI scripts give
     * the transaction manager and this property when {@code steadfast.node.id} is not set (they
     * once differed: node-1 here, steadfast-1 there).
     */
    @Test
    void theNodeIdDefaultsToTheScriptsDefault() throws IOException {
        assertThat(new VaultManagedConnectionFactory().getNodeId()).isEqualTo(VaultManagedConnectionFactory.DEFAULT_NODE_ID);
        String expression = "${steadfast.node.id:" + VaultManagedConnectionFactory.DEFAULT_NODE_ID + "}";
        for (String script : new String[] {"configure-vault.cli", "configure-transactions.cli"}) {
            String text = java.nio.file.Files.readString(Path.of("..", "standalone-config", script));
            assertThat(text).as(script).contains(expression).doesNotContainPattern("\\$\\{steadfast\\.node\\.id:(?!"
                    + VaultManagedConnectionFactory.DEFAULT_NODE_ID + "\\})");
        }
    }

    @Test
    void aLayoutThatCannotWorkOnItsDisksStopsTheConnectionFactoryNamingTheSettings() {
        adapter.start(null);

        assertThatThrownBy(() -> definition("parity", 2, 2).createConnectionFactory(NO_POOL))
                .isInstanceOf(InvalidPropertyException.class)
                .hasMessageStartingWith("STEADFAST-VAULT-0013")
                .hasMessageContaining("needs exactly 3 disks, not 2")
                .hasMessageContaining("layout=parity").hasMessageContaining("(2)").hasMessageContaining("dataChunks=2")
                .hasMessageContaining("layout mirror (any number of directories), parity (dataChunks + 1 directories)");
        assertThat(log()).contains("STEADFAST-VAULT-0013");
        assertThatThrownBy(() -> definition("raid5", 2, 2).createConnectionFactory(NO_POOL))
                .hasMessageStartingWith("STEADFAST-VAULT-0013").hasMessageContaining("unknown vault layout 'raid5'");
        VaultManagedConnectionFactory noDirectories = definition("mirror", 2, 2);
        noDirectories.setDirectories(" , ");
        assertThatThrownBy(() -> noDirectories.createConnectionFactory(NO_POOL))
                .hasMessageStartingWith("STEADFAST-VAULT-0013").hasMessageContaining("'directories' names no disk directory");
        assertThat(dir.resolve("disk-0")).as("nothing was opened").doesNotExist();
    }

    /** The engine's tuning comes through MicroProfile Config (here SmallRye's, as in the server): a bad value stops the factory. */
    @Test
    void aTuningPropertyThatCannotBeParsedStopsTheConnectionFactoryNamingIt() throws Exception {
        String before = System.setProperty(io.steadfast.vault.engine.VaultTuning.FORCES_IN_FLIGHT, "several");
        try {
            assertThatThrownBy(() -> definition("mirror", 2, 2).createConnectionFactory(NO_POOL))
                    .isInstanceOf(InvalidPropertyException.class).hasMessageStartingWith("STEADFAST-VAULT-0017")
                    .hasMessageContaining("steadfast.vault.journal.forces-in-flight").hasMessageContaining("several");
            System.setProperty(io.steadfast.vault.engine.VaultTuning.FORCES_IN_FLIGHT, "2");
            assertThat(VaultSettings.tuning().journalForcesInFlight()).as("read when asked, not once").isEqualTo(2);
        } finally {
            if (before == null) {
                System.clearProperty(io.steadfast.vault.engine.VaultTuning.FORCES_IN_FLIGHT);
            } else {
                System.setProperty(io.steadfast.vault.engine.VaultTuning.FORCES_IN_FLIGHT, before);
            }
        }
        assertThat(dir.resolve("disk-0")).as("nothing was opened").doesNotExist();
    }

    @Test
    void aGoodDefinitionMakesItsFactoryWithoutOpeningTheVault() throws Exception {
        assertThat(definition("parity", 3, 2).createConnectionFactory(NO_POOL)).isInstanceOf(VaultConnectionFactoryImpl.class);
        assertThat(dir.resolve("disk-0")).as("the engine opens at the first connection").doesNotExist();
    }

    @Test
    void aSkippedJournalCopyAndTheApplierFailingAndRecoveringAreLoggedNumbered() throws Exception {
        VaultConfig config = definition("mirror", 2, 2).config();
        try (Vault v = Vault.open(config)) {
            v.put("a", "a".getBytes(StandardCharsets.US_ASCII));
        }
        Path disk1Journal = dir.resolve("disk-1").resolve("journal");
        AtomicBoolean writesFail = new AtomicBoolean();
        IoFaults faults = new IoFaults() {
            @Override
            public void beforeRead(Path file) throws IOException {
                if (file.startsWith(disk1Journal)) {
                    throw new IOException("Input/output error");
                }
            }

            @Override
            public void beforeWrite(Path file) {
                if (writesFail.get() && file.toString().endsWith(".seg")) {
                    throw new IllegalStateException("segment writer broke");
                }
            }
        };
        try (Vault v = Vault.open(config, faults)) {
            VaultResourceAdapter.report(v);
            assertThat(log()).contains("STEADFAST-VAULT-0010").contains(disk1Journal.toString()).contains("Input/output error")
                    .contains("STEADFAST-VAULT-0007");

            writesFail.set(true);
            v.put("b", "b".getBytes(StandardCharsets.US_ASCII));
            await().atMost(Duration.ofSeconds(10)).until(() -> log().contains("STEADFAST-VAULT-0011"));
            assertThat(log()).contains("segment writer broke");
            assertThat(v.health().problems()).isNotEmpty();

            writesFail.set(false);
            await().atMost(Duration.ofSeconds(10)).until(() -> log().contains("STEADFAST-VAULT-0012"));
            assertThat(v.health().problems()).isEmpty();
            assertThat(v.health().status()).as("disk 1 waits for its rebuild").isEqualTo(VaultHealth.Status.DEGRADED);
        }
    }
}
