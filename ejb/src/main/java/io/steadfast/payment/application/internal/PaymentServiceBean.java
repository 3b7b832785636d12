package io.steadfast.payment.application.internal;

import io.steadfast.payment.application.IdempotencyConflictException;
import io.steadfast.payment.application.NewPayment;
import io.steadfast.payment.application.PaymentResult;
import io.steadfast.payment.application.PaymentService;
import io.steadfast.payment.application.PaymentView;
import io.steadfast.payment.application.Receipt;
import io.steadfast.payment.domain.Money;
import io.steadfast.payment.domain.Payment;
import io.steadfast.payment.infrastructure.ReceiptStore;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

/**
 * Implements {@link PaymentService}. {@link #create} runs in one container-managed JTA
 * transaction: the payment row goes through the XA datasource and the receipt through the vault's
 * XA connection, so Narayana commits both with two-phase commit or neither.
 */
@Stateless
public class PaymentServiceBean implements PaymentService {

    @PersistenceContext(unitName = "steadfast")
    EntityManager em;

    @Inject
    ReceiptStore receipts;

    @Override
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public PaymentResult create(NewPayment cmd) {
        Optional<Payment> earlier = byIdempotencyKey(cmd.idempotencyKey());
        if (earlier.isPresent()) {
            return new PaymentResult(PaymentView.of(earlier.get()), false);
        }
        Payment payment = new Payment(UUID.randomUUID().toString(), cmd.orderId(),
                new Money(cmd.amountMinor(), cmd.currency()), cmd.method(), cmd.idempotencyKey(),
                Instant.now().truncatedTo(ChronoUnit.MICROS));
        em.persist(payment);
        try {
            em.flush();
        } catch (PersistenceException e) {
            // The unique key on idempotency_key: a concurrent request with the same key won the race.
            throw new IdempotencyConflictException("a request with this Idempotency-Key is already being processed");
        }
        receipts.store(payment);
        return new PaymentResult(PaymentView.of(payment), true);
    }

    @Override
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<PaymentView> find(String paymentId) {
        return Optional.ofNullable(em.find(Payment.class, paymentId)).map(PaymentView::of);
    }

    @Override
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<Receipt> receipt(String paymentId) {
        Payment p = em.find(Payment.class, paymentId);
        if (p == null) {
            return Optional.empty();
        }
        return receipts.read(p.getReceiptKey()).map(doc -> new Receipt(p.getId(), p.getReceiptKey(), doc));
    }

    private Optional<Payment> byIdempotencyKey(String key) {
        return em.createNamedQuery("Payment.findByIdempotencyKey", Payment.class)
                .setParameter("key", key)
                .getResultStream()
                .findFirst();
    }
}
