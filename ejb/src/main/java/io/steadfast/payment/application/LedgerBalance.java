package io.steadfast.payment.application;

/** The sum of one account's ledger entries in one currency (debits positive). */
public record LedgerBalance(String account, String currency, long balanceMinor, long entries) {
}
