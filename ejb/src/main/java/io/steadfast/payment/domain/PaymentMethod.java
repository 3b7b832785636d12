package io.steadfast.payment.domain;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How the shopper pays. The API spells these in lower case: {@code card}, {@code bank_transfer}, {@code wallet}. */
public enum PaymentMethod {
    CARD, BANK_TRANSFER, WALLET;

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the API spelling, or throws {@link IllegalArgumentException} listing the accepted ones. */
    public static PaymentMethod parse(String value) {
        for (PaymentMethod m : values()) {
            if (m.apiName().equals(value)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown payment method '" + value + "'; use one of "
                + Arrays.stream(values()).map(PaymentMethod::apiName).collect(Collectors.joining(", ")));
    }
}
