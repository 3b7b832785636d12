package io.steadfast.payment.application.internal;

import io.steadfast.integrity.infrastructure.IntegrityKeys;
import io.steadfast.payment.application.NewPayment;
import io.steadfast.payment.application.PaymentResult;
import io.steadfast.payment.application.PaymentView;
import io.steadfast.payment.domain.IdempotencyRecord;
import io.steadfast.payment.domain.Money;
import io.steadfast.payment.domain.Payment;
import io.steadfast.payment.gateway.PaymentGateway;
import io.steadfast.payment.infrastructure.ReceiptStore;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;

import javax.crypto.Mac;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.UUID;

/** The two transactions of a card payment, each one XA transaction of its own. */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class CardPaymentSteps {


    @PersistenceContext(unitName = "steadfast")
    EntityManager em;

    @Inject
    ReceiptStore receipts;

    @Inject
    IntegrityKeys keys;

    /** Step 1: the payment PENDING and its idempotency record, committed before the gateway is asked. */
    public PaymentResult recordPending(NewPayment cmd, String pan) {
        String token = token(pan);
        String hash = PaymentServiceBean.requestHash(cmd, token);
        IdempotencyRecord earlier = em.find(IdempotencyRecord.class, cmd.idempotencyKey());
        if (earlier != null) {
            return PaymentServiceBean.replayed(em, earlier, hash);
        }
        Payment payment = Payment.pendingCard(UUID.randomUUID().toString(), cmd.orderId(), new Money(cmd.amountMinor(), cmd.currency()),
                cmd.idempotencyKey(), Instant.now().truncatedTo(ChronoUnit.MICROS), cmd.capture(), pan, token);
        return new PaymentResult(PaymentCreation.persistClaimed(em, cmd, hash, payment), true);
    }

    /** Step 2: the gateway's answer; an approval also writes the ledger and the signed receipt. */
    public PaymentResult recordOutcome(String paymentId, String idempotencyKey, PaymentGateway.Answer answer) {
        Payment payment = em.find(Payment.class, paymentId, LockModeType.PESSIMISTIC_WRITE);
        switch (answer.outcome()) {
            case APPROVED -> {
                long captured = payment.approved(answer.reference());
                if (captured > 0) {
                    LedgerPostings.post(em, payment, "capture", captured);
                }
                receipts.store(payment);
            }
            case DECLINED, INSUFFICIENT_FUNDS -> payment.declined(answer.reason());
            case TIMEOUT -> payment.outcomeUnknown();
            default -> throw new IllegalStateException("unknown gateway outcome " + answer.outcome());
        }
        PaymentView view = PaymentView.of(payment);
        em.find(IdempotencyRecord.class, idempotencyKey).completeWith(PaymentServiceBean.JSON.toJson(view));
        return new PaymentResult(view, true);
    }

    private String token(String pan) {
        return token(keys, pan);
    }

    /**
     * A stable, keyed token of the card number: the same card always gets the same token. Part of
     * a card payment's request hash, so a replay of it must compute it the same way.
     */
    static String token(IntegrityKeys keys, String pan) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(keys.cardTokenKey());
            return "tok_" + HexFormat.of().formatHex(mac.doFinal(pan.getBytes(java.nio.charset.StandardCharsets.US_ASCII)), 0, 24);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot tokenise a card number", e);
        }
    }
}
