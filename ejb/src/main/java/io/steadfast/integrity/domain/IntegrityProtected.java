package io.steadfast.integrity.domain;

/**
 * An entity whose row carries integrity codes, checked by the integrity entity listener.
 * Implementations list their protected fields in {@link #canonicalBytes()}, amount included.
 */
public interface IntegrityProtected {

    /** The entity's id, for messages and the quarantine list. */
    String integrityId();

    /** The canonical encoding of every protected field. */
    byte[] canonicalBytes();

    /** The amount that SECDED protects (minor units). */
    long protectedAmount();

    /** The JPQL path of the amount attribute, for writing a correction back (e.g. {@code amount.amountMinor}). */
    String amountAttribute();

    /** Puts back the amount that SECDED corrected. */
    void restoreAmount(long amount);

    /** The entity's check columns. */
    IntegrityColumns integrity();
}
