package io.steadfast.payment.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

import java.util.Currency;
import java.util.Objects;

/** An amount of money: integer minor units (cents, pence, yen) and an ISO 4217 currency. Never floating point. */
@Embeddable
public class Money {

    /**
     * The largest amount, in minor units, that one payment may carry, and so the limit of a cart
     * line's total and of a cart's total too: 18 nines. Far below {@code Long.MAX_VALUE}, so the
     * sum of two amounts within the limit cannot overflow a {@code long}.
     */
    public static final long MAX_AMOUNT_MINOR = 999_999_999_999_999_999L;

    @Column(name = "amount_minor", nullable = false)
    private long amountMinor;

    @Column(name = "currency", nullable = false, length = 3)
    private String currency;

    protected Money() {
    }

    public Money(long amountMinor, String currency) {
        if (amountMinor < 0) {
            throw new IllegalArgumentException("amount must not be negative");
        }
        this.amountMinor = amountMinor;
        this.currency = Currency.getInstance(Objects.requireNonNull(currency, "currency")).getCurrencyCode();
    }

    public long amountMinor() {
        return amountMinor;
    }

    public String currency() {
        return currency;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Money m && m.amountMinor == amountMinor && m.currency.equals(currency);
    }

    @Override
    public int hashCode() {
        return Objects.hash(amountMinor, currency);
    }

    @Override
    public String toString() {
        return amountMinor + " " + currency;
    }
}
