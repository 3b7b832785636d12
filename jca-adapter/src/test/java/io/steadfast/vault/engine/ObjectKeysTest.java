package io.steadfast.vault.engine;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ObjectKeysTest {

    @ParameterizedTest
    @ValueSource(strings = {"receipt-1.json", "a", "A.b_c-d:e@f=g+h"})
    void acceptsValidKeys(String key) {
        assertThat(ObjectKeys.requireValid(key)).isEqualTo(key);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a/b", "a\\b", "..", "a..b", ".hidden", "tab\tkey", "nul\u0000", "space key", "é"})
    void refusesInvalidKeysWithAReason(String key) {
        assertThatThrownBy(() -> ObjectKeys.requireValid(key))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("object key");
    }

    @org.junit.jupiter.api.Test
    void refusesNullAndTooLong() {
        assertThatThrownBy(() -> ObjectKeys.requireValid(null)).hasMessage("object key is empty");
        assertThatThrownBy(() -> ObjectKeys.requireValid("x".repeat(201))).hasMessageContaining("limit is 200");
        assertThat(ObjectKeys.requireValid("x".repeat(200))).hasSize(200);
    }
}
