package io.steadfast.payment.infrastructure;

import io.steadfast.payment.domain.PaymentGateway;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The built-in simulated acquirer (the default, {@code steadfast.gateway=simulated}). Its test
 * cards:
 *
 * <table>
 *   <caption>Test cards</caption>
 *   <tr><th>number</th><th>answer</th></tr>
 *   <tr><td>4242 4242 4242 4242</td><td>approved</td></tr>
 *   <tr><td>4000 0000 0000 0002</td><td>declined: do_not_honor</td></tr>
 *   <tr><td>4000 0000 0000 9995</td><td>insufficient funds</td></tr>
 *   <tr><td>4000 0000 0000 0119</td><td>timeout, and a lookup never learns more: the outcome stays unknown</td></tr>
 *   <tr><td>4000 0000 0000 0127</td><td>timeout, but the acquirer approved it: a lookup answers approved</td></tr>
 * </table>
 *
 * Any other number that passes the Luhn check is approved.
 *
 * <p>Like a real acquirer, it remembers what it decided for each payment id, and a
 * {@link #lookup} answers from that memory; a payment it never received is {@code NOT_RECEIVED}.
 * A real acquirer outlives our crashes, so the memory is an append-only file under the server's
 * data folder ({@value GatewaySettings#SIMULATED_FILE} to change it), each answer forced to disk before
 * {@link #authorize} returns, and read back when the simulator starts.
 */
@ApplicationScoped
@Typed(SimulatedAcquirer.class)
public class SimulatedAcquirer implements PaymentGateway {

    /** Its name in {@code steadfast.gateway}. */
    public static final String NAME = "simulated";

    /** The card whose authorization times out although the acquirer approved it. */
    static final String TIMEOUT_BUT_APPROVED = "4000000000000127";

    private static final Answer TIMEOUT = new Answer(Outcome.TIMEOUT, "acquirer_timeout", null);

    private static final Map<String, Answer> CARDS = Map.of(
            "4000000000000002", new Answer(Outcome.DECLINED, "do_not_honor", null),
            "4000000000009995", new Answer(Outcome.INSUFFICIENT_FUNDS, "insufficient_funds", null),
            "4000000000000119", TIMEOUT);

    private AcquirerMemory memory;

    @PostConstruct
    void open() {
        memory = openMemory(file());
    }

    /** Opens the memory at {@code file} and logs what was found there. */
    static AcquirerMemory openMemory(Path file) {
        AcquirerMemory opened = AcquirerMemory.open(file);
        AcquirerMemory.Load load = opened.load();
        if (load.tornBytes() > 0) {
            GatewayLogger.LOG.tornTailCut(file.toString(), load.tornBytes());
        }
        if (load.damagedLines() > 0) {
            GatewayLogger.LOG.damagedRecordsSkipped(file.toString(), load.damagedLines());
        }
        GatewayLogger.LOG.memoryLoaded(load.answers(), file.toString());
        return opened;
    }

    @PreDestroy
    void close() {
        try {
            memory.close();
        } catch (IOException e) {
            // Every answer was forced when it was written: closing loses nothing.
            GatewayLogger.LOG.debugf(e, "closing %s", memory.file());
        }
    }

    static Path file() {
        return GatewaySettings.current().simulatedFile();
    }

    @Override
    public Answer authorize(String paymentId, char[] pan, long amountMinor, String currency) {
        return authorize(memory, paymentId, new String(pan));
    }

    /** The decision for a card, remembered (durably) before it is answered. */
    static Answer authorize(AcquirerMemory memory, String paymentId, String pan) {
        Answer decided = TIMEOUT_BUT_APPROVED.equals(pan) ? approval(paymentId) : CARDS.getOrDefault(pan, approval(paymentId));
        memory.remember(paymentId, decided);
        return TIMEOUT_BUT_APPROVED.equals(pan) ? TIMEOUT : decided;
    }

    @Override
    public Answer lookup(String paymentId) {
        return lookup(memory, paymentId);
    }

    /**
     * What the acquirer answered for {@code paymentId}: from this node's memory, or else from the
     * memory of another node of the cluster. Each node writes a file of its own (a file has one
     * writer), in one folder for the cluster (cluster.sh: {@code common/simulated-acquirer/node-K.log}),
     * as if each node talked to its own front door of one acquirer; a payment sent by one node is
     * then known to the janitor of any other. Only a payment no file knows was never received.
     */
    static Answer lookup(AcquirerMemory memory, String paymentId) {
        return memory.recall(paymentId).or(() -> fromOtherNodes(memory.file(), paymentId))
                .orElseGet(() -> new Answer(Outcome.NOT_RECEIVED, "not_received", null));
    }

    private static Optional<Answer> fromOtherNodes(Path own, String paymentId) {
        Path self = own.toAbsolutePath();
        Path folder = self.getParent();
        if (folder == null) {
            return Optional.empty();
        }
        try (var files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".log") && !f.toAbsolutePath().equals(self))
                    .sorted().map(f -> AcquirerMemory.recallFrom(f, paymentId)).flatMap(Optional::stream).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Answer approval(String paymentId) {
        return new Answer(Outcome.APPROVED, null, "sim-" + paymentId.substring(0, 8));
    }
}
