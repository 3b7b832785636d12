package io.steadfast.payment.application;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class Iso4217Test {

    private final Iso4217.Validator validator = new Iso4217.Validator();

    @Test
    void acceptsIsoCodesAndNull() {
        assertThat(validator.isValid("EUR", null)).isTrue();
        assertThat(validator.isValid("JPY", null)).isTrue();
        assertThat(validator.isValid(null, null)).isTrue();
    }

    @Test
    void refusesAnythingElse() {
        assertThat(validator.isValid("eur", null)).isFalse();
        assertThat(validator.isValid("EURO", null)).isFalse();
        assertThat(validator.isValid("XYZ", null)).isFalse();
        assertThat(validator.isValid("", null)).isFalse();
    }
}
