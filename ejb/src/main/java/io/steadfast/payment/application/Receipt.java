package io.steadfast.payment.application;

/** A payment's receipt document as stored in the vault. */
public record Receipt(String paymentId, String vaultKey, byte[] document) {
}
