package io.steadfast.integrity.infrastructure;

import io.steadfast.integrity.domain.IntegrityCodes;
import io.steadfast.integrity.domain.IntegrityProtected;
import io.steadfast.integrity.domain.IntegrityViolationException;
import io.steadfast.integrity.domain.Secded;
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
 */
@ApplicationScoped
public class IntegrityGuard {

    @Inject
    IntegrityKeys keys;

    @EJB
    IntegrityRepairs repairs;

    private IntegrityCodes codes;
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

    public void seal(IntegrityProtected row) {
        byte[] canonical = row.canonicalBytes();
        row.integrity().set(IntegrityCodes.crc32c(canonical), Secded.encode(row.protectedAmount()), codes.seal(canonical));
    }

    public void verify(IntegrityProtected row, String entityName, String amountPath) {
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
        quarantined.incrementAndGet();
        IntegrityLogger.LOG.quarantined(entityName, row.integrityId(), reason);
        repairs.quarantine(entityName, row.integrityId(), reason);
        throw new IntegrityViolationException(entityName, row.integrityId(), reason);
    }
}
