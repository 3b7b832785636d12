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
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;

import static io.steadfast.it.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

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
            HttpResponse<String> rebuilt = send("POST", ADMIN.resolve("vault/disks/1/rebuild"));
            assertThat(rebuilt.statusCode()).isEqualTo(200);
            JsonObject report = json(rebuilt.body());
            assertThat(report.getJsonArray("unrecoverable")).isEmpty();
            assertThat(report.getJsonNumber("repaired").longValue()).isPositive();
            assertThat(json(send("GET", ADMIN).body()).getString("status")).isEqualTo("UP");
            assertThat(payments.receipt(before)).isPresent();
            assertThat(payments.receipt(during)).isPresent();
        } finally {
            try (var walk = Files.walk(removed)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @Test
    void scrubReportsWhatItChecked() throws Exception {
        pay();
        HttpResponse<String> r = send("POST", ADMIN.resolve("vault/scrub?bytesPerSecond=0"));
        assertThat(r.statusCode()).isEqualTo(200);
        JsonObject report = json(r.body());
        assertThat(report.getJsonNumber("objects").longValue()).isPositive();
        assertThat(report.getJsonNumber("chunksChecked").longValue()).isGreaterThanOrEqualTo(report.getJsonNumber("objects").longValue());
        assertThat(report.getJsonArray("unrecoverable")).isEmpty();
    }

    @Test
    void badAdminInputIsAProblem() throws Exception {
        for (String path : new String[] {"vault/disks/x/rebuild", "vault/disks/9/rebuild", "vault/scrub?bytesPerSecond=-5"}) {
            HttpResponse<String> r = send("POST", ADMIN.resolve(path));
            assertThat(r.statusCode()).as(path).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
            assertThat(json(r.body()).getString("detail")).as(path).isNotBlank();
        }
    }
}
