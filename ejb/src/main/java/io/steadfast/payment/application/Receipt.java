package io.steadfast.payment.application;

/**
 * A payment's receipt document as stored in the vault, with its signature.
 *
 * @param signature Base64 of the Ed25519 signature over exactly {@code document}
 */
public record Receipt(String paymentId, String vaultKey, byte[] document, String signature) {

    /** How receipts are signed. */
    public static final String SIGNATURE_ALGORITHM = "Ed25519";
}
