package io.steadfast.it;

import io.steadfast.integrity.domain.IntegrityCodes;
import io.steadfast.integrity.domain.Secded;
import io.steadfast.payment.domain.Payment;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;


/**
 * Edits payment rows with plain SQL behind the application's back: flips bits, and forges an
 * amount together with every code an attacker can compute without the key (CRC32C, SECDED).
 */
@Stateless
public class Forger {

    @PersistenceContext(unitName = "steadfast")
    EntityManager em;

    @jakarta.inject.Inject
    Probe probe;

    public void sql(String sql, Object... args) {
        probe.update(sql, args);
    }

    public void flipAmountBits(String paymentId, long mask) {
        flipAmountBits("payment", "id", paymentId, mask);
    }

    /** Flips bits of {@code amount_minor} in the row of {@code table} whose {@code keyColumn} is {@code key}. */
    public void flipAmountBits(String table, String keyColumn, String key, long mask) {
        // Bitwise XOR: H2's bitxor function, PostgreSQL's # operator.
        String xor = probe.isPostgreSql() ? "amount_minor # cast(? as bigint)" : "bitxor(amount_minor, cast(? as bigint))";
        sql("update " + table + " set amount_minor = " + xor + " where " + keyColumn + " = ?", mask, key);
    }

    public long storedAmount(String paymentId) {
        return probe.count("select amount_minor from payment where id = ?", paymentId);
    }

    /** Changes the amount and recomputes the CRC32C and SECDED columns to match; only the seal is left. */
    public void forgeAmount(String paymentId, long amount) {
        Payment p = em.find(Payment.class, paymentId);
        em.detach(p);
        p.restoreAmount(amount);
        sql("update payment set amount_minor = ?, check_crc32c = ?, check_amount_secded = ? where id = ?",
                amount, IntegrityCodes.crc32c(p.canonicalBytes()), (short) Secded.encode(amount), paymentId);
    }
}
