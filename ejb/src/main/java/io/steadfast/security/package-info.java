/**
 * Keys: the secret keys (row seal, card encryption, card tokens) and the receipt-signing key pair,
 * their key stores, their settings and the one loader that opens, creates and extends a store.
 * Integrity codes, card handling and receipts use the keys; none of them opens a store.
 */
package io.steadfast.security;
