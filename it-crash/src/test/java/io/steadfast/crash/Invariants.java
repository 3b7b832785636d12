package io.steadfast.crash;

import jakarta.json.JsonObject;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What must hold after a crash, once the server is back and has recovered (issue 12, item 2):
 * <ul>
 *   <li>no prepared branch remains: the database's ({@code INFORMATION_SCHEMA.IN_DOUBT} on H2,
 *       {@code pg_prepared_xacts} on PostgreSQL, read by the probe application), the vault's
 *       (branches found in its journal at start plus those prepared since, less those committed
 *       and rolled back since: its counters), and Narayana's log store (no transaction file);</li>
 *   <li>every acknowledged payment exists exactly once, in the database and, as its receipt, in
 *       the vault, with equal contents and a receipt signature that verifies;</li>
 *   <li>a retry of every acknowledged create with its Idempotency-Key replays the original answer
 *       (or, for a card payment the janitor settled since, the settled one);</li>
 *   <li>nothing that was not acknowledged is half there: a cut-off create has no payment, or a
 *       whole one (receipt included), and a cut-off card payment is settled (not PENDING or
 *       UNKNOWN);</li>
 *   <li>the acquirer was asked at most once per payment (never a second charge), and every
 *       payment it approved is authorized or captured (never a lost capture), every payment it
 *       never received declined;</li>
 *   <li>the ledger sums to zero per currency and the receivable equals captured minus refunded.</li>
 * </ul>
 */
final class Invariants {

    /** A create request: its key, body and order; {@code response} is null when it was cut off. */
    record Create(String key, String orderId, String body, boolean card, int status, String response) {
        boolean acknowledged() {
            return response != null && status >= 200 && status < 300;
        }
    }

    static final Set<String> NO_RECEIPT = Set.of("PENDING", "UNKNOWN", "DECLINED", "NEEDS_OPERATOR");
    static final Set<String> UNSETTLED = Set.of("PENDING", "UNKNOWN");

    private final CrashServer server;
    private final SteadfastApi api;

    Invariants(CrashServer server) {
        this.server = server;
        this.api = new SteadfastApi(server.api());
    }

    /**
     * The invariants that do not hold now, cheapest first; the first group that fails ends the
     * look (what is still in doubt makes the rest moot).
     */
    List<String> violations(List<Create> creates) throws IOException, InterruptedException, GeneralSecurityException {
        List<String> v = new ArrayList<>();
        List<Path> log = server.logStoreEntries();
        if (!log.isEmpty()) {
            v.add("Narayana's log store holds " + log);
        }
        HttpResponse<String> probe = SteadfastApi.send("GET", server.probe().resolve("prepared"), null, null);
        if (probe.statusCode() != 200 || !probe.body().trim().equals("0")) {
            v.add("the database's prepared branches: " + probe.statusCode() + " " + probe.body().trim());
        }
        long vaultInDoubt = vaultPreparedBranches();
        if (vaultInDoubt != 0) {
            v.add("the vault holds " + vaultInDoubt + " prepared branch(es)");
        }
        if (!v.isEmpty()) {
            return v;
        }
        PublicKey key = api.receiptKey();
        Map<String, String[]> acquirer = acquirerAnswers(v);
        for (Create c : creates) {
            List<JsonObject> payments = api.byOrder(c.orderId());
            if (payments.size() > 1) {
                v.add("order " + c.orderId() + " has " + payments.size() + " payments");
                continue;
            }
            if (payments.isEmpty()) {
                if (c.acknowledged()) {
                    v.add("acknowledged payment of order " + c.orderId() + " is lost");
                }
                continue;
            }
            JsonObject p = payments.get(0);
            String id = p.getString("id");
            String status = p.getString("status");
            if (c.acknowledged() && !id.equals(SteadfastApi.json(c.response()).getString("id"))) {
                v.add("order " + c.orderId() + " acknowledged as " + c.response() + " now lists payment " + id);
            }
            if (!c.acknowledged() && UNSETTLED.contains(status)) {
                v.add("cut-off payment " + id + " (" + c.orderId() + ") is still " + status);
            }
            if (!NO_RECEIPT.contains(status)) {
                JsonObject receipt = api.verifiedReceipt(id, key, v);
                if (receipt != null && !(receipt.getString("paymentId").equals(id) && receipt.getString("orderId").equals(c.orderId())
                        && receipt.getJsonNumber("amount").longValueExact() == p.getJsonNumber("amount").longValueExact()
                        && receipt.getString("currency").equals(p.getString("currency")))) {
                    v.add("receipt of " + id + " " + receipt + " differs from the payment " + p);
                }
            }
            if (c.card()) {
                String[] answer = acquirer.get(id);
                String outcome = answer == null ? null : answer[1];
                boolean ok = outcome == null ? !Set.of("AUTHORIZED", "CAPTURED").contains(status) && !UNSETTLED.contains(status)
                        : switch (outcome) {
                            case "APPROVED" -> Set.of("AUTHORIZED", "CAPTURED").contains(status);
                            case "DECLINED" -> status.equals("DECLINED");
                            default -> true;
                        };
                if (!ok) {
                    v.add("card payment " + id + " is " + status + " but the acquirer's answer was " + outcome);
                }
            }
            if (c.acknowledged()) {
                HttpResponse<String> r = SteadfastApi.send("POST", api.resolve("payments"), c.body(), c.key());
                boolean replayed = r.headers().firstValue("Idempotent-Replayed").map("true"::equals).orElse(false);
                if (r.statusCode() != c.status() || !replayed || !(SteadfastApi.sameJson(r.body(), c.response()) || settledSince(c, r.body()))) {
                    v.add("retry of " + c.key() + " answered " + r.statusCode() + " " + r.body() + (replayed ? "" : " (not replayed)")
                            + ", first " + c.status() + " " + c.response());
                }
            }
        }
        String ledger = api.ledgerProblem();
        if (ledger != null) {
            v.add(ledger);
        }
        return v;
    }

    /** A card payment acknowledged PENDING or UNKNOWN that the janitor settled since: its replay is the settled answer. */
    private static boolean settledSince(Create c, String replay) {
        JsonObject first = SteadfastApi.json(c.response());
        JsonObject now = SteadfastApi.json(replay);
        return c.card() && UNSETTLED.contains(first.getString("status")) && now.getString("id").equals(first.getString("id"))
                && now.getJsonNumber("amount").equals(first.getJsonNumber("amount"));
    }

    /**
     * The vault's branches still prepared: those its journal held at start, plus those prepared
     * since, less those committed after a prepare and rolled back since (its counters at
     * {@code GET /admin/vault}).
     */
    long vaultPreparedBranches() throws IOException, InterruptedException {
        HttpResponse<String> r = api.get("admin/vault");
        if (r.statusCode() != 200) {
            throw new IllegalStateException("the vault's status answered " + r.statusCode() + ": " + r.body());
        }
        JsonObject s = SteadfastApi.json(r.body()).getJsonObject("statistics");
        return s.getJsonNumber("recoveredBranches").longValueExact() + s.getJsonNumber("prepares").longValueExact()
                - s.getJsonNumber("twoPhaseCommits").longValueExact() - s.getJsonNumber("rollbacks").longValueExact();
    }

    /**
     * The simulated acquirer's answers by payment id ({@code id, outcome, reason, reference});
     * a payment id it answered twice was authorized twice: a second charge, added to {@code v}.
     */
    Map<String, String[]> acquirerAnswers(List<String> v) throws IOException {
        Map<String, String[]> answers = new HashMap<>();
        Path file = server.acquirerMemory();
        if (!Files.exists(file)) {
            return answers;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] f = line.split("\t", -1);
            if (f.length < 5) {
                continue; // a line torn by a kill; the acquirer cuts it off at its start
            }
            if (answers.put(f[0], f) != null) {
                v.add("the acquirer was asked twice to authorize payment " + f[0] + " (a second charge)");
            }
        }
        return answers;
    }
}
