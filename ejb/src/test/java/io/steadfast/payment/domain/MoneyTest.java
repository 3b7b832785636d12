package io.steadfast.payment.domain;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MoneyTest {

    @Test
    void isMinorUnitsAndACurrency() {
        Money m = new Money(1999, "EUR");
        assertThat(m.amountMinor()).isEqualTo(1999);
        assertThat(m.currency()).isEqualTo("EUR");
        assertThat(m).isEqualTo(new Money(1999, "EUR")).isNotEqualTo(new Money(1999, "USD"));
    }

    @Test
    void refusesNegativeAmountsAndUnknownCurrencies() {
        assertThatThrownBy(() -> new Money(-1, "EUR")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Money(1, "XYZ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void paymentMethodsParseTheirApiSpellingOnly() {
        assertThat(PaymentMethod.parse("bank_transfer")).isEqualTo(PaymentMethod.BANK_TRANSFER);
        assertThatThrownBy(() -> PaymentMethod.parse("CARD")).hasMessageContaining("use one of card, bank_transfer, wallet");
    }
}
