package io.steadfast.payment.application;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class Iso4217Test {

    private final Iso4217.Validator validator = new Iso4217.Validator();

    @Test
    void acceptsIsoCodesAndNull() {
        assertThat(validator.isValid("EUR", null)).isTrue();
        assertThat(validator.isValid("JPY", null)).as("0 decimals").isTrue();
        assertThat(validator.isValid("BHD", null)).as("3 decimals").isTrue();
        assertThat(validator.isValid(null, null)).isTrue();
    }

    @Test
    void refusesAnythingElse() {
        assertThat(validator.isValid("eur", null)).isFalse();
        assertThat(validator.isValid("EURO", null)).isFalse();
        assertThat(validator.isValid("XYZ", null)).isFalse();
        assertThat(validator.isValid("", null)).isFalse();
    }

    @Test
    void refusesCodesWithoutAMinorUnitBecauseNoAmountInThemIsExact() {
        for (String code : new String[] {"XAU", "XAG", "XXX", "XTS", "XDR"}) {
            assertThat(validator.isValid(code, null)).as(code).isFalse();
        }
    }
}
