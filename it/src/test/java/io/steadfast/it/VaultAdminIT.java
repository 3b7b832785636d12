package io.steadfast.it;

import io.steadfast.payment.application.NewPayment;
import io.steadfast.payment.application.PaymentService;
import io.steadfast.payment.domain.PaymentMethod;
import jakarta.ejb.EJB;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;

import static io.steadfast.it.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The vault admin API, and degraded mode end to end: a disk directory vanishes, payments go on,
 * health says DEGRADED and names the disk, and a rebuild onto a replacement restores UP.
 */
@ExtendWith(ArquillianExtension.class)
class VaultAdminIT {

    private static final URI ADMIN = URI.create("http://127.0.0.1:8080/api/v1/admin/vault");

    @Deployment
    static EnterpriseArchive deployment() {
        return Deployments.steadfastWithTests();
    }

    @EJB(lookup = "java:global/steadfast/steadfast-ejb/PaymentServiceBean!io.steadfast.payment.application.PaymentService")
    PaymentService payments;

    static HttpResponse<String> send(String method, URI uri) throws Exception {
        return Api.send(method, uri, null, null);
    }

    private String pay() {
        return payments.create(new NewPayment("order-admin", 100, "EUR", PaymentMethod.CARD, UUID.randomUUID().toString())).payment().id();
    }

    @Test
    void degradedModeAndRebuild() throws Exception {
        HttpResponse<String> up = send("GET", ADMIN);
        assertThat(up.statusCode()).isEqualTo(200);
        assertThat(json(up.body()).getString("status")).isEqualTo("UP");
        assertThat(json(up.body()).getJsonArray("problems")).as("the applier keeps up").isEmpty();
        assertThat(json(up.body()).getJsonObject("statistics").getJsonNumber("prepares")).isNotNull();
        String before = pay();

        Path disk1 = Path.of(System.getProperty("jboss.server.data.dir"), "vault", "disk-1");
        Path removed = disk1.resolveSibling("disk-1.removed-" + UUID.randomUUID());
        Files.move(disk1, removed);
        try {
            String during = pay();
            HttpResponse<String> degraded = send("GET", ADMIN);
            assertThat(degraded.statusCode()).isEqualTo(200);
            JsonObject status = json(degraded.body());
            assertThat(status.getString("status")).isEqualTo("DEGRADED");
            assertThat(status.getJsonArray("offlineDisks").getString(0)).contains("disk 1").contains("disk-1");

            Files.createDirectories(disk1); // the replacement disk, empty
            HttpResponse<String> rebuilt = Api.send("POST", ADMIN.resolve("vault/disks/1/rebuild"),
                    "{\"reason\": \"disk 1 replaced after its failure\", \"confirm\": true}", null);
            assertThat(rebuilt.statusCode()).isEqualTo(200);
            JsonObject report = json(rebuilt.body());
            assertThat(report.getJsonArray("unrecoverable")).isEmpty();
            assertThat(report.getJsonNumber("repaired").longValue()).isPositive();
            assertThat(json(send("GET", ADMIN).body()).getString("status")).isEqualTo("UP");
            assertThat(payments.receipt(before)).isPresent();
            assertThat(payments.receipt(during)).isPresent();

            // UP means the journal is whole again: the rebuilt disk has its copy, and payments append to it.
            Path journal = disk1.resolve("journal").resolve(System.getProperty("steadfast.node.id", "steadfast-1")).resolve("journal.log");
            assertThat(journal).as("the journal copy on the rebuilt disk").exists();
            long size = Files.size(journal);
            assertThat(payments.receipt(pay())).isPresent();
            assertThat(Files.size(journal)).as("a payment after the rebuild is journalled on the rebuilt disk").isGreaterThan(size);
        } finally {
            try (var walk = Files.walk(removed)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /**
     * A receipt lost on every disk is a problem of its own, naming the payment; the payment itself
     * still reads. The chunks are damaged behind the vault's back and put back afterwards.
     */
    @Test
    void aReceiptLostOnEveryDiskIsItsOwnProblem() throws Exception {
        String id = pay();
        String key = payments.receipt(id).orElseThrow().vaultKey();
        Path vault = Path.of(System.getProperty("jboss.server.data.dir"), "vault");
        List<Path> disks = List.of(vault.resolve("disk-0"), vault.resolve("disk-1"));
        // The applier writes the chunks in the background; wait until every disk holds one.
        Map<Path, List<Long>> chunks = new HashMap<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            chunks.clear();
            for (Path disk : disks) {
                chunks.putAll(chunksOf(disk, key));
            }
            return disks.stream().allMatch(d -> chunks.keySet().stream().anyMatch(f -> f.startsWith(d)));
        });
        Map<Path, Map<Long, Byte>> originals = new HashMap<>();
        try {
            for (Map.Entry<Path, List<Long>> e : chunks.entrySet()) {
                try (FileChannel ch = FileChannel.open(e.getKey(), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                    for (long at : e.getValue()) {
                        ByteBuffer b = ByteBuffer.allocate(1);
                        ch.read(b, at);
                        originals.computeIfAbsent(e.getKey(), f -> new HashMap<>()).put(at, b.get(0));
                        ch.write(ByteBuffer.wrap(new byte[] {(byte) ~b.get(0)}), at);
                    }
                }
            }
            URI receipt = Api.BASE.resolve("payments/" + id + "/receipt");
            // Reads come from memory until the applier has finished with the payment, then from the disks.
            await().atMost(Duration.ofSeconds(30)).until(() -> send("GET", receipt).statusCode() != 200);
            HttpResponse<String> r = send("GET", receipt);
            assertThat(r.statusCode()).isEqualTo(500);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
            JsonObject problem = json(r.body());
            assertThat(problem.getString("type")).isEqualTo("urn:steadfast:problem:receipt-unreadable");
            assertThat(problem.getString("detail")).contains(id);
            assertThat(send("GET", Api.BASE.resolve("payments/" + id)).statusCode()).isEqualTo(200);
        } finally {
            for (Map.Entry<Path, Map<Long, Byte>> e : originals.entrySet()) {
                try (FileChannel ch = FileChannel.open(e.getKey(), StandardOpenOption.WRITE)) {
                    for (Map.Entry<Long, Byte> b : e.getValue().entrySet()) {
                        ch.write(ByteBuffer.wrap(new byte[] {b.getValue()}), b.getKey());
                    }
                }
            }
        }
        assertThat(payments.receipt(id)).as("the receipt reads again once its chunks are put back").isPresent();
    }

    /**
     * Where {@code key}'s chunks lie in a disk's segment files: for each file, the offset of the
     * first payload byte of every chunk of that key (chunk header: magic "SFVC", version, key
     * length at 6, payload length at 28, key at 32, then the payload).
     */
    private static Map<Path, List<Long>> chunksOf(Path disk, String key) throws Exception {
        Map<Path, List<Long>> out = new HashMap<>();
        Path segments = disk.resolve("segments");
        if (!Files.isDirectory(segments)) {
            return out;
        }
        byte[] k = key.getBytes(StandardCharsets.US_ASCII);
        try (var files = Files.list(segments)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".seg")).toList()) {
                byte[] buf = Files.readAllBytes(f);
                for (int p = 0; p + 32 + k.length < buf.length; p++) {
                    if (buf[p] == 'S' && buf[p + 1] == 'F' && buf[p + 2] == 'V' && buf[p + 3] == 'C'
                            && ByteBuffer.wrap(buf, p + 6, 2).getShort() == k.length
                            && ByteBuffer.wrap(buf, p + 28, 4).getInt() > 0
                            && Arrays.equals(buf, p + 32, p + 32 + k.length, k, 0, k.length)) {
                        out.computeIfAbsent(f, x -> new ArrayList<>()).add((long) p + 32 + k.length);
                    }
                }
            }
        }
        return out;
    }

    @Test
    void scrubReportsWhatItChecked() throws Exception {
        pay();
        HttpResponse<String> r = Api.send("POST", ADMIN.resolve("vault/scrub?bytesPerSecond=0"), "{\"reason\": \"weekly check\"}", null);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonObject report = json(r.body());
        assertThat(report.getJsonNumber("objects").longValue()).isPositive();
        assertThat(report.getJsonNumber("chunksChecked").longValue()).isGreaterThanOrEqualTo(report.getJsonNumber("objects").longValue());
        assertThat(report.getJsonArray("unrecoverable")).isEmpty();
    }

    @Test
    void badAdminInputIsAProblem() throws Exception {
        for (String path : new String[] {"vault/disks/x/rebuild", "vault/disks/9/rebuild", "vault/scrub?bytesPerSecond=-5"}) {
            HttpResponse<String> r = Api.send("POST", ADMIN.resolve(path), "{\"reason\": \"test\", \"confirm\": true}", null);
            assertThat(r.statusCode()).as(path).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
            assertThat(json(r.body()).getString("detail")).as(path).isNotBlank();
        }
        HttpResponse<String> noReason = send("POST", ADMIN.resolve("vault/scrub"));
        assertThat(noReason.statusCode()).isEqualTo(400);
        assertThat(json(noReason.body()).getString("detail")).startsWith("reason: is required");
        HttpResponse<String> unconfirmed = Api.send("POST", ADMIN.resolve("vault/disks/1/rebuild"), "{\"reason\": \"x\"}", null);
        assertThat(unconfirmed.statusCode()).isEqualTo(400);
        assertThat(json(unconfirmed.body()).getString("detail")).startsWith("confirm:");
    }
}
