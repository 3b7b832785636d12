package io.steadfast.payment.application.internal;

import io.steadfast.payment.domain.LedgerEntry;
import io.steadfast.payment.domain.Payment;
import jakarta.persistence.EntityManager;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Posts one balanced movement: a capture moves money from the acquirer's receivable to what is
 * payable to the merchant; a refund moves it back. Debits are positive, credits negative.
 */
final class LedgerPostings {

    private LedgerPostings() {
    }

    static void post(EntityManager em, Payment p, String movement, long amount) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String currency = p.getAmount().currency();
        long sign = movement.equals("refund") ? -1 : 1;
        em.persist(new LedgerEntry(UUID.randomUUID().toString(), p.getId(), movement, LedgerEntry.ACQUIRER_RECEIVABLE, currency,
                sign * amount, now));
        em.persist(new LedgerEntry(UUID.randomUUID().toString(), p.getId(), movement, LedgerEntry.MERCHANT_PAYABLE, currency,
                -sign * amount, now));
    }
}
