package io.steadfast.payment.domain;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CardNumbersTest {

    @Test
    void luhnAcceptsTheTestCardsAndRefusesATypo() {
        assertThat(CardNumbers.luhn("4242424242424242")).isTrue();
        assertThat(CardNumbers.luhn("4000000000000002")).isTrue();
        assertThat(CardNumbers.luhn("79927398713")).isTrue(); // the classic worked example
        assertThat(CardNumbers.luhn("4242424242424241")).isFalse();
    }

    @Test
    void normalizesAndMasksWithoutEverEchoingTheNumber() {
        assertThat(CardNumbers.normalize("4242 4242-4242 4242")).isEqualTo("4242424242424242");
        assertThat(CardNumbers.mask("4242424242424242")).isEqualTo("424242******4242");
        assertThat(CardNumbers.mask("378282246310005")).isEqualTo("378282*****0005");
        assertThatThrownBy(() -> CardNumbers.normalize("4242424242424241")).hasMessageContaining("Luhn").hasMessageNotContaining("4242424242424241");
        assertThatThrownBy(() -> CardNumbers.normalize("12ab")).hasMessageContaining("12 to 19 digits").hasMessageNotContaining("12ab");
    }

    @Test
    void aNumberWithIssuerPrefixZeroIsNoCardEvenWhenLuhnValid() {
        assertThat(CardNumbers.luhn("0000000000000000")).as("the all-zero number passes Luhn").isTrue();
        for (String pan : new String[] {"0000 0000 0000 0000", "0000000000000", "0424242424242424"}) {
            assertThat(CardNumbers.luhn(pan.replace(" ", ""))).as(pan).isTrue();
            assertThatThrownBy(() -> CardNumbers.normalize(pan)).as(pan)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("no issuer prefix starts with 0")
                    .hasMessageNotContaining(pan.replace(" ", "")).hasMessageNotContaining("0000");
        }
    }
}
