package io.steadfast.payment.domain;

/**
 * Card numbers (PANs): normalising, the Luhn check, and the masked form that responses show
 * (at most the first 6 and last 4 digits). Messages never contain the number.
 */
public final class CardNumbers {

    private CardNumbers() {
    }

    /** The digits of {@code input} without spaces or dashes, or {@link IllegalArgumentException} saying what is wrong. */
    public static String normalize(String input) {
        if (input == null) {
            throw new IllegalArgumentException("card.number is required");
        }
        String digits = input.replace(" ", "").replace("-", "");
        if (!digits.matches("[0-9]{12,19}")) {
            throw new IllegalArgumentException("card.number must be 12 to 19 digits (spaces and dashes allowed)");
        }
        if (digits.charAt(0) == '0') {
            // Issuer identification numbers never start with 0 (ISO/IEC 7812): an all-zero number
            // passes the Luhn check but is no card.
            throw new IllegalArgumentException("card.number is not a card number: no issuer prefix starts with 0");
        }
        if (!luhn(digits)) {
            throw new IllegalArgumentException("card.number fails the Luhn check; check for a mistyped digit");
        }
        return digits;
    }

    public static boolean luhn(String digits) {
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return sum % 10 == 0;
    }

    /** First 6, asterisks, last 4: {@code 424242******4242}. */
    public static String mask(String digits) {
        return digits.substring(0, 6) + "*".repeat(digits.length() - 10) + digits.substring(digits.length() - 4);
    }
}
