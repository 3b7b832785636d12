package io.steadfast.integrity.infrastructure;

import io.steadfast.configuration.Settings;
import io.steadfast.integrity.domain.IntegrityCodes;
import io.steadfast.integrity.domain.IntegrityProtected;
import io.steadfast.integrity.domain.IntegrityViolationException;
import io.steadfast.integrity.domain.Secded;
import io.steadfast.security.infrastructure.SecretKeys;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Seals rows before they are written and checks them after they are read. A row whose codes
 * all agree passes; one whose amount has a single flipped bit (and whose CRC32C and seal agree
 * once it is corrected) is corrected, logged, counted and written back; anything else is
 * quarantined and refused with {@link IntegrityViolationException}.
 *
 * <p>The system property {@value #SWITCH} (default {@code true}) turns the codes off, read on
 * every call so it can change while the server runs. It exists to measure what the codes cost
 * (PERFORMANCE.md): a row written while it is off carries no codes (an empty seal), and is
 * quarantined as unsealed when it is read with the codes back on, never silently trusted.
 */
@ApplicationScoped
public class IntegrityGuard {

    @Inject
    SecretKeys keys;

    @EJB
    IntegrityRepairs repairs;

    /** The configuration switch. */
    public static final String SWITCH = "steadfast.integrity.enabled";
    static final String UNSEALED = "unsealed: written while " + SWITCH + " was false";

    private IntegrityCodes codes;
    private final java.util.concurrent.atomic.AtomicBoolean wasOn = new java.util.concurrent.atomic.AtomicBoolean(true);
    private final AtomicLong corrected = new AtomicLong();
    private final AtomicLong quarantined = new AtomicLong();

    @PostConstruct
    void init() {
        codes = new IntegrityCodes(keys.sealKey());
    }

    public long correctedCount() {
        return corrected.get();
    }

    public long quarantinedCount() {
        return quarantined.get();
    }

    /**
     * What the switch says now: read on every row, so that a benchmark can turn the codes off and
     * on while the server runs. Anything but {@code false} is on: a mistyped value keeps the rows
     * protected rather than stopping every payment.
     */
    public static boolean switchedOn() {
        return !"false".equalsIgnoreCase(Settings.text(Settings.current(), SWITCH, "true"));
    }

    /** Whether the codes are on now; logs each change of the switch once. */
    public boolean enabled() {
        boolean on = switchedOn();
        if (wasOn.compareAndSet(!on, on)) {
            if (on) {
                IntegrityLogger.LOG.switchedOn();
            } else {
                IntegrityLogger.LOG.switchedOff();
            }
        }
        return on;
    }

    public void seal(IntegrityProtected row) {
        if (!enabled()) {
            row.integrity().set(0, 0, "");
            return;
        }
        byte[] canonical = row.canonicalBytes();
        row.integrity().set(IntegrityCodes.crc32c(canonical), Secded.encode(row.protectedAmount()), codes.seal(canonical));
    }

    public void verify(IntegrityProtected row, String entityName, String amountPath) {
        if (!enabled()) {
            return;
        }
        if (row.integrity().seal() == null || row.integrity().seal().isEmpty()) {
            refuse(entityName, row.integrityId(), UNSEALED);
        }
        byte[] canonical = row.canonicalBytes();
        boolean crcOk = IntegrityCodes.crc32c(canonical) == row.integrity().crc32c();
        boolean sealOk = codes.sealMatches(canonical, row.integrity().seal());
        Secded.Result amount = Secded.check(row.protectedAmount(), row.integrity().amountSecded());
        if (crcOk && sealOk && amount.status() == Secded.Status.OK) {
            return;
        }
        if (amount.status() == Secded.Status.CORRECTED) {
            long before = row.protectedAmount();
            row.restoreAmount(amount.value());
            byte[] fixed = row.canonicalBytes();
            if (IntegrityCodes.crc32c(fixed) == row.integrity().crc32c() && codes.sealMatches(fixed, row.integrity().seal())) {
                corrected.incrementAndGet();
                IntegrityLogger.LOG.corrected(amount.flippedAt(), entityName, row.integrityId());
                if (before != amount.value()) {
                    repairs.writeBackAmount(entityName, amountPath, row.integrityId(), amount.value());
                }
                return;
            }
            row.restoreAmount(before);
        }
        String reason = !sealOk && crcOk ? "seal mismatch: the row was changed by someone without the key"
                : !crcOk ? "CRC32C mismatch" + (amount.status() == Secded.Status.UNCORRECTABLE ? ", amount has two or more flipped bits" : "")
                : "amount check bits do not match";
        refuse(entityName, row.integrityId(), reason);
    }

    private void refuse(String entityName, String id, String reason) {
        quarantined.incrementAndGet();
        IntegrityLogger.LOG.quarantined(entityName, id, reason);
        repairs.quarantine(entityName, id, reason);
        throw new IntegrityViolationException(entityName, id, reason);
    }
}
