package io.steadfast.payment.infrastructure;

import io.steadfast.security.infrastructure.ReceiptKeys;
import jakarta.enterprise.context.ApplicationScoped;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

import java.security.KeyStore;
import java.security.PublicKey;
import java.util.Base64;

/**
 * Signs receipts with the Ed25519 key pair of the receipt key store ({@link ReceiptKeys}, which
 * finds, opens and on first start creates it). The key is read once and kept.
 */
@ApplicationScoped
public class ReceiptSigner {

    public static final String ALGORITHM = io.steadfast.payment.application.Receipt.SIGNATURE_ALGORITHM;

    private volatile KeyStore.PrivateKeyEntry entry;
    private volatile byte[] seed;

    private KeyStore.PrivateKeyEntry entry() {
        KeyStore.PrivateKeyEntry e = entry;
        if (e == null) {
            synchronized (this) {
                if (entry == null) {
                    KeyStore.PrivateKeyEntry loaded = ReceiptKeys.current();
                    seed = ReceiptKeys.seedOf(loaded.getPrivateKey());
                    entry = loaded;
                }
                e = entry;
            }
        }
        return e;
    }

    /** Base64 of the Ed25519 signature over the document's exact bytes. */
    public String sign(byte[] document) {
        entry();
        return Base64.getEncoder().encodeToString(sign(seed, document));
    }

    /**
     * Signs with Bouncy Castle's RFC 8032 Ed25519. Ed25519 is deterministic, so this is the same
     * signature as the JDK's {@code Signature.getInstance("Ed25519")}, which verifies it; it is
     * several times cheaper than the JDK 17 signer, which took a third of the server's CPU per
     * payment (PERFORMANCE.md).
     */
    static byte[] sign(byte[] seed, byte[] document) {
        byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
        Ed25519.sign(seed, 0, document, 0, document.length, signature, 0);
        return signature;
    }

    public PublicKey publicKey() {
        return entry().getCertificate().getPublicKey();
    }
}
