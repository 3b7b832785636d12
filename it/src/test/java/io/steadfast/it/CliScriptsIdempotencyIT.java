package io.steadfast.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs on the client side (no Arquillian): applies every configure script of standalone-config/
 * again to a copy of the test server's configuration, which the build already configured with
 * them, and checks that the second run fails nothing and changes nothing, and that a second run
 * of the vault's script over an older vault configuration writes every setting again.
 */
class CliScriptsIdempotencyIT {

    @TempDir
    Path base;

    private final Path configDir = Path.of(System.getProperty("steadfast.config.dir"));
    private final String serverConfig = System.getProperty("wildfly.server-config");

    /** A copy of the test server's configuration folder, which the build configured with every script. */
    private Path configurationCopy() throws Exception {
        Path home = Path.of(System.getProperty("wildfly.home"));
        Path configuration = Files.createDirectories(base.resolve("configuration"));
        try (var files = Files.list(home.resolve("standalone").resolve("configuration"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, configuration.resolve(f.getFileName()));
            }
        }
        return configuration;
    }

    /**
     * Runs a CLI script against {@code configuration} (offline, embed-server) and requires it to
     * succeed. The scripts' own default names the file (steadfast.server-config unset), so a wrong
     * default fails here; only a test server on another file than standalone.xml names it.
     */
    private void cli(Path script, Path configuration) throws Exception {
        cli(script, configuration, serverConfig.equals("standalone.xml") ? null : serverConfig);
    }

    private void cli(Path script, Path configuration, String serverConfigProperty) throws Exception {
        Path home = Path.of(System.getProperty("wildfly.home"));
        Path log = base.resolve(script.getFileName() + ".log");
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin").resolve("jboss-cli.sh").toString(), "--file=" + script)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("JAVA_OPTS", (serverConfigProperty == null ? "" : "-Dsteadfast.server-config=" + serverConfigProperty + " ")
                + "-Djboss.server.base.dir=" + base + " -Djboss.server.config.dir=" + configuration
                + " -Djboss.server.log.dir=" + base.resolve("log") + " -Djboss.server.data.dir=" + base.resolve("data")
                + " -Dsteadfast.postgresql.jar=" + System.getProperty("steadfast.postgresql.jar"));
        Process p = pb.start();
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("%s finished", script.getFileName()).isTrue();
        assertThat(p.exitValue()).as("%s: %s", script.getFileName(), Files.readString(log)).isZero();
    }

    @Test
    void runningTheScriptsTwiceChangesNothing() throws Exception {
        Path configuration = configurationCopy();
        String before = Files.readString(configuration.resolve(serverConfig));
        String haBefore = Files.readString(configuration.resolve("standalone-ha.xml"));

        // The build ran one datasource script (H2's, or PostgreSQL's with -Ppostgresql); the other
        // one switches the database, which is a change. Likewise one of the two scripts for the
        // web module's caches: local ones on a server alone, replicated ones on a cluster's node.
        String datasourceScript = System.getProperty("steadfast.datasource.script", "configure-datasource.cli");
        String sessionsScript = System.getProperty("steadfast.sessions.script", "configure-sessions.cli");
        List<Path> scripts = new ArrayList<>();
        try (var files = Files.list(configDir)) {
            // The cluster's scripts for its nodes' mod_cluster and for its balancer (another server
            // configuration) are not applied to this server; the cluster module's build runs them.
            files.filter(p -> p.getFileName().toString().matches("configure-.*\\.cli"))
                    .filter(p -> !List.of("configure-cluster-node.cli", "configure-load-balancer.cli").contains(p.getFileName().toString()))
                    .filter(p -> !p.getFileName().toString().startsWith("configure-datasource") || p.getFileName().toString().equals(datasourceScript))
                    .filter(p -> !List.of("configure-sessions.cli", "configure-cluster.cli").contains(p.getFileName().toString())
                            || p.getFileName().toString().equals(sessionsScript))
                    .sorted().forEach(scripts::add);
        }
        assertThat(scripts).extracting(p -> p.getFileName().toString())
                .contains(datasourceScript, "configure-transactions.cli", "configure-vault.cli", "configure-observability.cli", sessionsScript);
        for (Path script : scripts) {
            cli(script, configuration);
        }

        assertThat(Files.readString(configuration.resolve(serverConfig)))
                .as("a second run of the configure scripts changed %s", serverConfig).isEqualTo(before);
        if (!serverConfig.equals("standalone-ha.xml")) {
            // A script whose default named the cluster's file would have changed it instead.
            assertThat(Files.readString(configuration.resolve("standalone-ha.xml")))
                    .as("the lone server's scripts, run with their default file, changed standalone-ha.xml").isEqualTo(haBefore);
        }
    }

    /**
     * The cluster's node scripts, which the cluster module's build runs and this server does not,
     * on WildFly's own standalone-ha.xml (their default file): a second run changes nothing.
     */
    @Test
    void theClusterScriptsRunTwiceChangeNothing() throws Exception {
        Path configuration = configurationCopy();
        List<Path> scripts = List.of(configDir.resolve("configure-cluster.cli"), configDir.resolve("configure-cluster-node.cli"));
        for (Path script : scripts) {
            cli(script, configuration, null);
        }
        String once = Files.readString(configuration.resolve("standalone-ha.xml"));
        assertThat(once).as("standalone-ha.xml after the cluster scripts")
                .contains("<replicated-cache name=\"steadfast-sessions\"").contains("steadfast-balancer");
        for (Path script : scripts) {
            cli(script, configuration, null);
        }
        assertThat(Files.readString(configuration.resolve("standalone-ha.xml")))
                .as("a second run of the cluster scripts changed standalone-ha.xml").isEqualTo(once);
    }

    /**
     * An older vault configuration (another layout written by hand, a property it lacked) is
     * brought back to what the script says by running the script again: every setting is written
     * on every run, not only when the connection definition is first added.
     */
    @Test
    void runningTheVaultScriptAgainWritesEverySetting() throws Exception {
        Path configuration = configurationCopy();
        String configured = Files.readString(configuration.resolve(serverConfig));
        String definition = "/subsystem=resource-adapters/resource-adapter=steadfast-vault/connection-definitions=Vault";
        Path older = base.resolve("older-vault.cli");
        Files.writeString(older, String.join("\n",
                "embed-server --server-config=" + serverConfig + " --std-out=discard",
                definition + "/config-properties=layout:write-attribute(name=value, value=parity)",
                definition + "/config-properties=dataChunks:write-attribute(name=value, value=7)",
                definition + "/config-properties=nodeId:remove",
                definition + ":write-attribute(name=max-pool-size, value=3)",
                "stop-embedded-server", ""));
        cli(older, configuration);
        String changed = Files.readString(configuration.resolve(serverConfig));
        assertThat(changed).as("the older configuration").contains(">parity<").doesNotContain("name=\"nodeId\"");

        cli(configDir.resolve("configure-vault.cli"), configuration);

        assertThat(configPropertiesInAnyOrder(Files.readString(configuration.resolve(serverConfig))))
                .as("configure-vault.cli run again over an older vault configuration")
                .isEqualTo(configPropertiesInAnyOrder(configured));
    }

    /**
     * The configuration with its config-property lines sorted: WildFly writes a connection
     * definition's config properties in the order of its model, which a property added again (or
     * a server that read them back from the file) changes; their values are what counts.
     */
    private static List<String> configPropertiesInAnyOrder(String xml) {
        List<String> lines = new ArrayList<>(xml.lines().filter(l -> !l.contains("<config-property ")).toList());
        xml.lines().filter(l -> l.contains("<config-property ")).map(String::strip).sorted().forEach(lines::add);
        return lines;
    }
}
