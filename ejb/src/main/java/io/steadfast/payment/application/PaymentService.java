package io.steadfast.payment.application;

import jakarta.ejb.Local;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import java.util.Optional;

/**
 * Takes and reads payments. Every write is one JTA transaction that spans the database (XA
 * datasource) and the vault (XA resource adapter), committed with two-phase commit.
 */
@Local
public interface PaymentService {

    /**
     * Records a payment, its idempotency record and its receipt in the vault, atomically. A second
     * call with the same idempotency key and the same request returns the first call's payment
     * with {@code created == false}.
     *
     * @throws IdempotencyConflictException   when a concurrent call with the same key holds it; call {@link #replay}
     * @throws IdempotencyKeyReusedException when the key was used for a different request
     */
    PaymentResult create(@NotNull(message = "payment is required") @Valid NewPayment payment);

    /**
     * Takes a card payment through the gateway, safely: the payment is recorded PENDING and
     * committed, the gateway is asked outside any transaction, and its answer is recorded in a
     * second transaction (with the ledger and the receipt when approved). A timeout leaves the
     * payment UNKNOWN, and the janitor settles it later by asking the acquirer. The card number
     * is encrypted at rest and never returned.
     */
    PaymentResult createWithCard(@NotNull @Valid NewPayment payment, @NotNull String cardNumber);

    /**
     * The committed result of an earlier call with this request's idempotency key, if there is one.
     * {@code cardNumber} is the card of a card payment (null otherwise): it is part of what makes
     * two requests the same.
     *
     * @throws IdempotencyKeyReusedException when the key was used for a different request
     * @throws IdempotencyConflictException   when the earlier call is still running (its card payment
     *                                        is recorded PENDING, the gateway's answer not yet)
     */
    Optional<PaymentResult> replay(@NotNull NewPayment payment, String cardNumber);

    /**
     * Like {@link #replay}, for a request whose amount the server derives (a cart checkout: the
     * first checkout may have emptied the cart). Found by the key alone; the request is the same
     * when its order, method and card match the recorded one, whose amount and currency count.
     *
     * @throws IdempotencyKeyReusedException when the key was used for a different request
     * @throws IdempotencyConflictException   when the earlier call is still running
     */
    Optional<PaymentResult> replayCheckout(@NotNull String idempotencyKey, @NotNull String orderId,
                                           @NotNull io.steadfast.payment.domain.PaymentMethod method, String cardNumber);

    Optional<PaymentView> find(@NotNull String paymentId);

    /**
     * Captures, voids or refunds a payment, moving money through balanced ledger entries, in one
     * transaction. Idempotent like {@link #create}: a retry with the same key and request gets
     * the same result.
     *
     * @throws io.steadfast.payment.domain.IllegalTransitionException when the state does not allow it
     * @throws IdempotencyKeyReusedException                          when the key was used for another request
     */
    PaymentResult operate(@NotNull @Valid PaymentOperation operation);

    /** Balance of every ledger account per currency. */
    java.util.List<LedgerBalance> ledgerBalances();

    /** Payments, newest first, filtered, one page at a time (keyset pagination: stable under inserts). */
    PaymentPage list(@NotNull PaymentQuery query);

    /**
     * The receipt as read back (and verified) from the vault.
     *
     * @throws ReceiptUnreadableException when the vault holds the receipt but cannot rebuild it
     */
    Optional<Receipt> receipt(@NotNull String paymentId);

    /** The public key that verifies receipt signatures ({@link Receipt#SIGNATURE_ALGORITHM}). */
    java.security.PublicKey receiptPublicKey();
}
