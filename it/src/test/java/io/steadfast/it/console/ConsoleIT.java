package io.steadfast.it.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.steadfast.it.Deployments;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operator's path through the admin console, in headless chromium: sign in, see a payment's
 * transaction in doubt with its business context, fix the cause, recover it with a reason, see it
 * gone, and find the action in the audit trail. The payment's receipt is then in the vault.
 *
 * <p>Seeding: the Byteman rule "vault phase-two commit fails with XAER_RMFAIL while
 * steadfast.fault.vault-commit-held is set" (src/test/byteman/vault-faults.btm) keeps the vault's
 * branch prepared through every recovery pass (every 5 s in the test server) while the property is
 * set; the test sets it in the server through the management API. The story goes on as the vault's
 * disk is fixed just as the operator confirms "Recover now": the rule beside it clears the property
 * when the recover action starts, so no periodic pass can settle the transaction first.
 *
 * <p>Screenshots of each step stay in target/failsafe-reports/screenshots/ConsoleIT.
 */
@ExtendWith(ArquillianExtension.class)
class ConsoleIT {

    private static final URI SERVER = URI.create("http://127.0.0.1:8080/");
    private static final String HELD = "steadfast.fault.vault-commit-held";
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    @ArquillianResource
    ManagementClient management;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.steadfast();
    }

    private static Path screenshots() {
        return Path.of(System.getProperty("console.screenshots", "target/failsafe-reports/screenshots"), "ConsoleIT");
    }

    @Test
    void anOperatorRecoversAPaymentInDoubtAndFindsItInTheAuditTrail() throws Exception {
        String orderId = "console-" + UUID.randomUUID().toString().substring(0, 8);
        String reason = "Vault disk remounted, recovering " + orderId + " (console test)";
        clearHeldCommit();
        try (HeadlessChromium chromium = new HeadlessChromium(screenshots())) {
            try {
                String paymentId = seedPaymentInDoubt(orderId);
                operatorRecovers(chromium, orderId, reason);
                // What the recovery did: the vault's branch committed, so the receipt is there.
                HttpResponse<String> receipt = send("GET", "api/v1/payments/" + paymentId + "/receipt", null);
                assertThat(receipt.statusCode()).as(receipt.body()).isEqualTo(200);
            } catch (Exception | AssertionError e) {
                chromium.screenshot("failure");
                throw e;
            }
        } finally {
            clearHeldCommit();
        }
    }

    /** A wallet payment whose vault branch stays prepared: the payment row committed, its receipt in doubt. */
    private String seedPaymentInDoubt(String orderId) throws Exception {
        setHeldCommit();
        HttpResponse<String> created = send("POST", "api/v1/payments",
                "{\"orderId\":\"" + orderId + "\",\"amount\":4217,\"currency\":\"EUR\",\"method\":\"wallet\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String paymentId = JSON.readTree(created.body()).path("id").asText();
        HttpResponse<String> receipt = send("GET", "api/v1/payments/" + paymentId + "/receipt", null);
        assertThat(receipt.statusCode()).as("the vault branch is held prepared, so no receipt yet: " + receipt.body()).isEqualTo(404);
        return paymentId;
    }

    private void operatorRecovers(HeadlessChromium chromium, String orderId, String reason) throws IOException {
        var driver = chromium.driver;
        WebDriverWait wait = new WebDriverWait(driver, PATIENCE, Duration.ofMillis(200));
        wait.ignoring(StaleElementReferenceException.class);

        // Sign in: any console page asks for it first.
        driver.get(SERVER.resolve("/admin/").toString());
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("j_username"))).sendKeys("admin");
        driver.findElement(By.id("j_password")).sendKeys("admin-secret-1");
        chromium.screenshot("sign-in");
        driver.findElement(By.id("sign-in")).click();

        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-testid=user]"), "admin"));
        assertThat(driver.findElement(By.cssSelector("[data-testid=role]")).getText()).isEqualToIgnoringCase("admin");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=vault-card]")));
        chromium.screenshot("overview");

        // The payment's transaction is in doubt, with its business context.
        driver.findElement(By.cssSelector("a[data-view=in-doubt]")).click();
        By row = By.cssSelector("[data-testid=in-doubt-row][data-order-id='" + orderId + "']");
        // Read in one go: the view redraws itself every few seconds, which makes a held element stale.
        String[] seen = wait.until(d -> {
            List<WebElement> rows = d.findElements(row);
            if (rows.isEmpty()) {
                d.findElement(By.cssSelector("[data-testid=refresh]")).click();
                return null;
            }
            WebElement r = rows.get(0);
            return new String[]{r.getText(), r.getAttribute("data-transaction-id"),
                    String.valueOf(r.findElements(By.cssSelector("[data-testid=participant]")).size())};
        });
        assertThat(seen[0]).contains(orderId).contains("42.17");
        assertThat(Integer.parseInt(seen[2])).as("the vault's branch at least").isGreaterThanOrEqualTo(1);
        String transactionId = seen[1];

        // Periodic recovery (every 5 s here) tries the vault's commit again and fails while the
        // disk is "broken": the transaction stays in doubt until the operator acts.
        await("a periodic recovery pass retries the held commit of " + transactionId).atMost(PATIENCE).pollInterval(Duration.ofMillis(250))
                .until(() -> heldCommits(transactionId) >= 2);
        chromium.screenshot("in-doubt");

        // Recover now, with a reason; the vault's disk is fixed just as the operator confirms. The
        // view redraws itself every few seconds (never under the dialog): the row is found afresh,
        // and a click on a row that was just redrawn (stale) is tried again.
        wait.until(d -> {
            d.findElement(row).findElement(By.cssSelector("[data-testid=recover]")).click();
            return true;
        });
        WebElement dialog = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("action-dialog")));
        WebElement submit = dialog.findElement(By.cssSelector("[data-testid=dialog-submit]"));
        assertThat(submit.isEnabled()).as("no action without a reason").isFalse();
        dialog.findElement(By.cssSelector("[data-testid=reason]")).sendKeys(reason);
        wait.until(ExpectedConditions.elementToBeClickable(submit));
        chromium.screenshot("reason");
        submit.click();

        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("action-dialog")));
        wait.until(d -> {
            if (d.findElements(row).isEmpty()) {
                return true;
            }
            d.findElement(By.cssSelector("[data-testid=refresh]")).click();
            return false;
        });
        chromium.screenshot("recovered");

        // The action is in the audit trail, with the operator, the reason, and the chain intact.
        driver.findElement(By.cssSelector("a[data-view=audit]")).click();
        WebElement entry = wait.until(d -> d.findElements(By.cssSelector("[data-testid=audit-row]")).stream()
                .filter(r -> r.getText().contains(reason)).findFirst().orElse(null));
        assertThat(entry.findElement(By.cssSelector("[data-testid=audit-action]")).getText()).containsIgnoringCase("recover");
        assertThat(entry.getText()).contains("admin");
        assertThat(driver.findElement(By.cssSelector("[data-testid=chain-status]")).getText()).containsIgnoringCase("intact");
        chromium.screenshot("audit-trail");
    }

    /**
     * How often the vault's commit of {@code transactionId} was held (the Byteman rule's line in
     * the server's log): once by the application, then once per recovery pass.
     */
    private static long heldCommits(String transactionId) throws IOException {
        Path log = Path.of(System.getProperty("wildfly.home"), "standalone", "log", "server.log");
        try (var lines = Files.lines(log, StandardCharsets.UTF_8)) {
            return lines.filter(l -> l.contains("steadfast byteman: holding vault commit") && l.contains("tx_uid=" + transactionId + ","))
                    .count();
        }
    }

    private void setHeldCommit() throws IOException {
        ModelNode add = Operations.createAddOperation(new ModelNode().add("system-property", HELD));
        add.get("value").set("armed by ConsoleIT");
        execute(add);
    }

    private void clearHeldCommit() throws IOException {
        ModelNode address = new ModelNode().add("system-property", HELD);
        ModelNode read = management.getControllerClient().execute(Operations.createReadResourceOperation(address));
        if (Operations.isSuccessfulOutcome(read)) {
            execute(Operations.createRemoveOperation(address));
        }
    }

    private void execute(ModelNode op) throws IOException {
        ModelNode result = management.getControllerClient().execute(op);
        assertThat(Operations.isSuccessfulOutcome(result)).as(op + " -> " + result).isTrue();
    }

    private static HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(SERVER.resolve(path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json").header("Idempotency-Key", UUID.randomUUID().toString());
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
