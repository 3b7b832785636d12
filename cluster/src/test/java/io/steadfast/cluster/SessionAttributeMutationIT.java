package io.steadfast.cluster;

import io.steadfast.cluster.probe.SessionProbeServlet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A change made to a session attribute after {@code setAttribute}, in place and never set again,
 * reaches the other node. The cart cannot show this on its own: it sets its attribute again after
 * every change, and CartStore keeps a second copy that would hide a session that lost it. So a
 * probe web application ({@link SessionProbeServlet}) with the web module's own session
 * configuration (its distributable-web.xml: the replicated steadfast-sessions cache, SESSION
 * granularity) is deployed to both nodes beside Steadfast, by the deployment scanner, for this
 * test only.
 */
@ExtendWith(ClusterExtension.class)
class SessionAttributeMutationIT {

    private static final String WAR = "session-probe.war";
    private static final Duration DEPLOY_TIMEOUT = Duration.ofSeconds(90);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void aChangeAfterSetAttributeReachesTheOtherNode(Cluster cluster) throws Exception {
        Path war = probeWar(cluster.dir().resolve(WAR));
        try {
            for (int k = 1; k <= cluster.nodes(); k++) {
                deploy(cluster, k, war);
            }
            for (int[] nodes : new int[][] {{1, 2}, {2, 1}}) {
                changedOnOneNodeSeenOnTheOther(nodes[0], nodes[1]);
            }
        } finally {
            for (int k = 1; k <= cluster.nodes(); k++) {
                Files.deleteIfExists(deployments(cluster, k).resolve(WAR)); // the scanner undeploys it
            }
        }
    }

    /**
     * A new session on node {@code at}: the list set and changed in one request, then changed in
     * place in a second. Another request on {@code at} waits until the second one's session write
     * is done (WildFly writes the session after the response, and holds the session's next
     * request on that node until then); the cache is synchronous, so {@code other} has it by then,
     * and one read there must show both changes.
     * <p>One read, not a poll, and a session of its own per direction: a read takes the mutable
     * attribute as possibly changed and writes it back when it ends, so a read on one node that
     * races a write on the other can put the older list back (last writer wins in this
     * non-transactional cache). That is why the cart keeps a versioned copy (CartStore).
     */
    private void changedOnOneNodeSeenOnTheOther(int at, int other) throws IOException, InterruptedException {
        String value = "n" + at;
        HttpResponse<String> first = post(at, value + "-a", null);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(first.body()).as("set, then changed in the same request").isEqualTo(value + "-a");
        String cookie = first.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID="))
                .map(c -> c.substring(0, c.indexOf(';') < 0 ? c.length() : c.indexOf(';'))).findFirst()
                .orElseThrow(() -> new AssertionError("no session cookie: " + first.headers().map()));
        String both = value + "-a," + value + "-b";
        assertThat(post(at, value + "-b", cookie).body()).as("changed in place, not set again").isEqualTo(both);
        assertThat(get(at, cookie)).as("node " + at + " after its own change").isEqualTo("200 " + both);
        assertThat(get(other, cookie)).as("node " + other + "'s copy of a session changed on node " + at).isEqualTo("200 " + both);
    }

    private String get(int node, String cookie) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(probe(node)).header("Cookie", cookie).timeout(Duration.ofSeconds(30))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() + " " + r.body();
    }

    private static URI probe(int node) {
        return URI.create("http://127.0.0.1:" + (8080 + 100 * node) + "/session-probe/list");
    }

    private HttpResponse<String> post(int node, String value, String cookie) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(probe(node) + "?add=" + value)).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.noBody());
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Path deployments(Cluster cluster, int node) {
        return cluster.dir().resolve("node-" + node).resolve("deployments");
    }

    /** Copies the WAR into the node's deployment folder and waits for the scanner's marker. */
    private static void deploy(Cluster cluster, int node, Path war) throws IOException, InterruptedException {
        Path dir = deployments(cluster, node);
        Files.deleteIfExists(dir.resolve(WAR + ".deployed"));
        Files.deleteIfExists(dir.resolve(WAR + ".failed"));
        Path tmp = dir.resolve(WAR + ".tmp");
        Files.copy(war, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, dir.resolve(WAR), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        long deadline = System.nanoTime() + DEPLOY_TIMEOUT.toNanos();
        while (!Files.exists(dir.resolve(WAR + ".deployed"))) {
            if (Files.exists(dir.resolve(WAR + ".failed"))) {
                throw new AssertionError("node-" + node + " failed to deploy " + WAR + ": " + Files.readString(dir.resolve(WAR + ".failed")));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("node-" + node + " did not deploy " + WAR + " within " + DEPLOY_TIMEOUT.toSeconds() + " s");
            }
            Thread.sleep(200); // polling the scanner's marker, with a deadline
        }
    }

    /** The probe WAR: distributable, the web module's distributable-web.xml, the probe servlet. */
    private static Path probeWar(Path target) throws IOException, URISyntaxException {
        Path classes = Path.of(SessionProbeServlet.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String servlet = SessionProbeServlet.class.getName().replace('.', '/') + ".class";
        Path distributable = Path.of(System.getProperty("web.webapp.dir", "../web/src/main/webapp")).resolve("WEB-INF/distributable-web.xml");
        Files.createDirectories(target.getParent());
        try (OutputStream out = Files.newOutputStream(target); ZipOutputStream zip = new ZipOutputStream(out)) {
            entry(zip, "WEB-INF/web.xml", ("<web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"6.0\">"
                    + "<distributable/></web-app>").getBytes(StandardCharsets.UTF_8));
            entry(zip, "WEB-INF/distributable-web.xml", Files.readAllBytes(distributable));
            entry(zip, "WEB-INF/classes/" + servlet, Files.readAllBytes(classes.resolve(servlet)));
        }
        return target;
    }

    private static void entry(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(bytes);
        zip.closeEntry();
    }
}
