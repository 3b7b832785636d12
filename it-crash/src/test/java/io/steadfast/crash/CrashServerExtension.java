package io.steadfast.crash;

import io.steadfast.crash.probe.PreparedBranchesServlet;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * The crash-test server shared by every test class of this module ({@code @ExtendWith} and a
 * {@link CrashServer} parameter): started once for the whole run, kept in JUnit's root store and
 * stopped when the run ends, so a class finds it serving (started again here if the class before it
 * left it killed). It always runs with the Byteman agent and the rules of
 * {@code src/test/byteman/crash-faults.btm}, which do nothing until a test arms one
 * ({@link CrashServer#arm}), and with the probe web application of {@code io.steadfast.crash.probe}
 * deployed beside steadfast.ear (the database's prepared branches, which only the server can read on
 * H2).
 */
final class CrashServerExtension implements BeforeAllCallback, ParameterResolver {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        CrashServer server = server(context);
        server.disarmAll(); // a rule left armed by a class that failed must not halt this one's server
        if (!server.isRunning()) {
            writeClassData(server);
            server.start();
        }
        server.awaitServing(START_TIMEOUT);
    }

    /**
     * When the server has no class-data archive yet (a new build), one start and a clean stop
     * write it, as an operator's first stop of the run command does; every start the tests time
     * then maps it (README, "Start-up time"). A crash test measures the restart an operator gets.
     */
    private static void writeClassData(CrashServer server) throws Exception {
        Path archive = server.classData();
        // An archive there already (a build that keeps the server's data folder): class-data.conf
        // maps it, or, if another JVM or WildFly made it, deletes it and the tests run without.
        if (archive == null || Files.exists(archive) || Files.exists(written(archive))) {
            return;
        }
        long started = System.nanoTime();
        server.startWithoutAgent();
        server.awaitServing(START_TIMEOUT);
        server.close();
        if (!Files.exists(written(archive))) {
            // A cache, not a condition of the tests: they go on, and every start is slower.
            System.out.printf("CrashServerExtension: WARNING: a clean stop wrote no class-data archive at %s; the crash tests run"
                    + " without one (see %s)%n", written(archive), server.home().resolve("standalone/log/crash-test-console.log"));
            return;
        }
        System.out.printf("CrashServerExtension: class-data archive written (%d MiB) by a start and a clean stop in %d s%n",
                Files.size(written(archive)) >> 20, (System.nanoTime() - started) / 1_000_000_000L);
    }

    /** Where a clean stop writes the archive; the next start checks it and makes it the archive (class-data.conf). */
    private static Path written(Path archive) {
        return archive.resolveSibling(archive.getFileName() + ".new");
    }

    private static CrashServer server(ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.create(CrashServerExtension.class))
                .getOrComputeIfAbsent(CrashServer.class, k -> create(), CrashServer.class);
    }

    private static CrashServer create() {
        try {
            CrashServer server = CrashServer.fromSystemProperties();
            server.disarmAll();
            deployProbe(server);
            server.useByteman(List.of("-Djboss.modules.system.pkgs=org.jboss.byteman",
                    "-javaagent:" + System.getProperty("byteman.agent") + "=script:" + System.getProperty("byteman.crash-rules")
                            + ",boot:" + System.getProperty("byteman.agent")));
            return server;
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot prepare the crash-test server: " + e.getMessage(), e);
        }
    }

    /**
     * Copies the probe's classes into an exploded {@code crash-probe.war} in the deployment
     * scanner's folder, marked to deploy: the server deploys it at every start, as it does the EAR.
     */
    private static void deployProbe(CrashServer server) throws IOException, URISyntaxException {
        Path classes = Path.of(PreparedBranchesServlet.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String pkg = PreparedBranchesServlet.class.getPackageName().replace('.', '/');
        Path deployments = server.home().resolve("standalone/deployments");
        Path war = deployments.resolve("crash-probe.war");
        Path target = war.resolve("WEB-INF/classes").resolve(pkg);
        Files.createDirectories(target);
        try (Stream<Path> files = Files.list(classes.resolve(pkg))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                Files.copy(f, target.resolve(f.getFileName().toString()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.deleteIfExists(deployments.resolve("crash-probe.war.failed"));
        if (!Files.exists(deployments.resolve("crash-probe.war.deployed"))) {
            Files.writeString(deployments.resolve("crash-probe.war.dodeploy"), "crash-probe.war");
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == CrashServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return server(context);
    }
}
