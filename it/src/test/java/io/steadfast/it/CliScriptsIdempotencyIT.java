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
 * them, and checks that the second run fails nothing and changes nothing.
 */
class CliScriptsIdempotencyIT {

    @TempDir
    Path base;

    @Test
    void runningTheScriptsTwiceChangesNothing() throws Exception {
        Path home = Path.of(System.getProperty("wildfly.home"));
        Path configDir = Path.of(System.getProperty("steadfast.config.dir"));
        String serverConfig = System.getProperty("wildfly.server-config");
        Path configuration = Files.createDirectories(base.resolve("configuration"));
        try (var files = Files.list(home.resolve("standalone").resolve("configuration"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, configuration.resolve(f.getFileName()));
            }
        }
        String before = Files.readString(configuration.resolve(serverConfig));

        // The build ran one datasource script (H2's, or PostgreSQL's with -Ppostgresql); the other
        // one switches the database, which is a change.
        String datasourceScript = System.getProperty("steadfast.datasource.script", "configure-datasource.cli");
        List<Path> scripts = new ArrayList<>();
        try (var files = Files.list(configDir)) {
            files.filter(p -> p.getFileName().toString().matches("configure-.*\\.cli"))
                    .filter(p -> !p.getFileName().toString().startsWith("configure-datasource") || p.getFileName().toString().equals(datasourceScript))
                    .sorted().forEach(scripts::add);
        }
        assertThat(scripts).extracting(p -> p.getFileName().toString())
                .contains(datasourceScript, "configure-transactions.cli", "configure-vault.cli", "configure-observability.cli");
        for (Path script : scripts) {
            ProcessBuilder pb = new ProcessBuilder(home.resolve("bin").resolve("jboss-cli.sh").toString(), "--file=" + script)
                    .redirectErrorStream(true)
                    .redirectOutput(base.resolve(script.getFileName() + ".log").toFile());
            pb.environment().put("JAVA_OPTS", "-Djboss.server.base.dir=" + base + " -Djboss.server.config.dir=" + configuration
                    + " -Djboss.server.log.dir=" + base.resolve("log") + " -Djboss.server.data.dir=" + base.resolve("data")
                    + " -Dsteadfast.postgresql.jar=" + System.getProperty("steadfast.postgresql.jar"));
            Process p = pb.start();
            assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("%s finished", script.getFileName()).isTrue();
            assertThat(p.exitValue()).as("%s on an already configured server: %s", script.getFileName(),
                    Files.readString(base.resolve(script.getFileName() + ".log"))).isZero();
        }

        assertThat(Files.readString(configuration.resolve(serverConfig)))
                .as("a second run of the configure scripts changed %s", serverConfig).isEqualTo(before);
    }
}
