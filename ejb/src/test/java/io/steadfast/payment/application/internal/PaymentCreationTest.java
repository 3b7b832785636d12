package io.steadfast.payment.application.internal;

import io.steadfast.payment.application.IdempotencyConflictException;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The claim's flush: only a unique violation on the idempotency key means "already being
 * processed" (409); every other flush failure is the server's error and propagates unchanged
 * (the API answers it as a 500 problem with a log reference, STEADFAST-WEB-0001).
 */
class PaymentCreationTest {

    /** An entity manager whose flush fails with {@code failure}; nothing else is called. */
    private static EntityManager flushFailingWith(RuntimeException failure) {
        return (EntityManager) Proxy.newProxyInstance(EntityManager.class.getClassLoader(), new Class<?>[] {EntityManager.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("flush")) {
                        throw failure;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static PersistenceException flushFailure(String sqlMessage, String sqlState) {
        return new PersistenceException("could not execute statement", new SQLException(sqlMessage, sqlState));
    }

    @Test
    void aUniqueViolationOnTheIdempotencyKeyIsAConflict() {
        for (PersistenceException taken : new PersistenceException[] {
                flushFailure("Unique index or primary key violation: \"PUBLIC.PRIMARY_KEY_8 ON PUBLIC.IDEMPOTENCY_RECORD(IDEMPOTENCY_KEY)"
                        + " VALUES ( /* 1 */ 'k-1' )\"; SQL statement: insert into idempotency_record ...", "23505"),
                flushFailure("ERROR: duplicate key value violates unique constraint \"idempotency_record_pkey\"", "23505")}) {
            assertThatThrownBy(() -> PaymentCreation.flushClaim(flushFailingWith(taken)))
                    .isInstanceOf(IdempotencyConflictException.class).hasMessageContaining("already being processed");
        }
    }

    /**
     * A lock wait that ran out on the record's insert: the transaction holding the key has not
     * ended (on PostgreSQL, perhaps prepared and in doubt on a node that died). Also a 409, one
     * that says the outcome is not known yet and to retry later with the same key.
     */
    @Test
    void aLockTimeoutOnTheIdempotencyRecordsInsertIsAConflictThatSaysRetryLater() {
        for (PersistenceException held : new PersistenceException[] {
                new jakarta.persistence.PessimisticLockException("could not execute statement [ERROR: canceling statement due to lock timeout]"
                        + " [insert into idempotency_record (amount_minor,created_at,payment_id,request_hash,response_body,response_status,idempotency_key)"
                        + " values (?,?,?,?,?,?,?)]", new SQLException("ERROR: canceling statement due to lock timeout", "55P03")),
                flushFailure("Timeout trying to lock table \"IDEMPOTENCY_RECORD\"; SQL statement: insert into idempotency_record ...", "HYT00")}) {
            assertThatThrownBy(() -> PaymentCreation.flushClaim(flushFailingWith(held)))
                    .isInstanceOf(IdempotencyConflictException.class).hasMessageContaining("awaits recovery")
                    .hasMessageContaining("Retry with the same key later");
        }
    }

    /** A lock on a payment's row that ran out is a 409 that says retry later; any other failure stays what it is. */
    @Test
    void aLockTimeoutOnAPaymentsRowIsAConflictAndNothingElseIs() {
        PersistenceException timedOut = new jakarta.persistence.LockTimeoutException("could not obtain lock",
                new SQLException("ERROR: canceling statement due to lock timeout", "55P03"));
        assertThat(PaymentCreation.heldOr(timedOut, PaymentCreation.PAYMENT_HELD)).isInstanceOf(IdempotencyConflictException.class)
                .hasMessageContaining("another request on this payment").hasMessageContaining("awaits recovery");
        PersistenceException h2 = flushFailure("Timeout trying to lock table \"PAYMENT\"", "HYT00");
        assertThat(PaymentCreation.heldOr(h2, PaymentCreation.PAYMENT_HELD)).isInstanceOf(IdempotencyConflictException.class);
        PersistenceException lost = flushFailure("An I/O error occurred while sending to the backend.", "08006");
        assertThat(PaymentCreation.heldOr(lost, PaymentCreation.PAYMENT_HELD)).isSameAs(lost);
    }

    @Test
    void everyOtherFlushFailureIsNotAConflictAndPropagatesAsItIs() {
        PersistenceException[] failures = {
                flushFailure("Unique index or primary key violation: \"PUBLIC.PRIMARY_KEY_5 ON PUBLIC.LEDGER_ENTRY(ID)\"", "23505"),
                flushFailure("NULL not allowed for column \"RESPONSE_BODY\"; SQL statement: insert into idempotency_record", "23502"),
                flushFailure("Value too long for column \"ORDER_ID CHARACTER VARYING(64)\" in idempotency_record", "22001"),
                flushFailure("An I/O error occurred while sending to the backend.", "08006"),
                new PersistenceException("lock timeout"),
                new jakarta.persistence.PessimisticLockException("could not execute statement [ERROR: canceling statement due to lock timeout]"
                        + " [update payment set captured_minor=? where id=?]", new SQLException("ERROR: canceling statement due to lock timeout", "55P03")),
                flushFailure("Timeout trying to lock table \"LEDGER_ENTRY\"", "HYT00"),
                new jakarta.persistence.LockTimeoutException("row locked")};
        for (PersistenceException failure : failures) {
            assertThatThrownBy(() -> PaymentCreation.flushClaim(flushFailingWith(failure))).as(failure.toString()).isSameAs(failure);
        }
    }
}
