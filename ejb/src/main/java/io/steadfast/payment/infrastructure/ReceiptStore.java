package io.steadfast.payment.infrastructure;

import io.steadfast.payment.domain.Payment;
import io.steadfast.vault.api.VaultConnection;
import io.steadfast.vault.api.VaultConnectionFactory;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.spi.JsonProvider;
import jakarta.resource.ResourceException;

import java.io.ByteArrayOutputStream;
import java.util.Optional;

/**
 * Writes and reads payment receipts in the vault. Called inside a JTA transaction, the write is
 * staged in the vault's XA branch of that transaction.
 */
@ApplicationScoped
public class ReceiptStore {

    /** The vault key of a receipt's signature, beside the receipt. */
    public static String signatureKey(String receiptKey) {
        return receiptKey + ".sig";
    }

    /**
     * Looked up once: {@code Json.createWriter} looks the provider up through the service loader
     * on every call, which a profile of the payment showed scanning jars per receipt.
     */
    private static final JsonProvider JSON = JsonProvider.provider();

    @Resource(lookup = VaultConnectionFactory.JNDI_NAME)
    VaultConnectionFactory vault;

    @jakarta.inject.Inject
    ReceiptSigner signer;

    @jakarta.inject.Inject
    PaymentTransactions transactions;

    /**
     * Stores the receipt and its Ed25519 signature over the exact bytes, in the caller's
     * transaction, and records that transaction's id with the payment (the join of an in-doubt
     * transaction to its payment).
     */
    public void store(Payment payment) {
        transactions.record(payment.getId(), payment.getStatus().name());
        byte[] document = render(payment);
        try (VaultConnection c = vault.getConnection()) {
            c.put(payment.getReceiptKey(), document);
            c.put(signatureKey(payment.getReceiptKey()), signer.sign(document).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        } catch (ResourceException e) {
            throw new IllegalStateException("the vault is unavailable: " + e.getMessage(), e);
        }
    }

    public Optional<byte[]> read(String key) {
        try (VaultConnection c = vault.getConnection()) {
            return c.get(key);
        } catch (ResourceException e) {
            throw new IllegalStateException("the vault is unavailable: " + e.getMessage(), e);
        }
    }

    /** The receipt document: a small, stable JSON object. */
    static byte[] render(Payment p) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var w = JSON.createWriter(out)) {
            w.writeObject(JSON.createObjectBuilder()
                    .add("type", "steadfast.receipt/v1")
                    .add("paymentId", p.getId())
                    .add("orderId", p.getOrderId())
                    .add("amount", p.getAmount().amountMinor())
                    .add("currency", p.getAmount().currency())
                    .add("method", p.getMethod().apiName())
                    .add("status", p.getStatus().name())
                    .add("createdAt", p.getCreatedAt().toString())
                    .build());
        }
        return out.toByteArray();
    }
}
