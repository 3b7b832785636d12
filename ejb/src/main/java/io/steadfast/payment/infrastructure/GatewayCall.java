package io.steadfast.payment.infrastructure;

import io.steadfast.diagnostics.Causes;
import io.steadfast.payment.domain.PaymentGateway;

import java.util.regex.Pattern;

/**
 * Asks a {@link PaymentGateway} for an authorization. A gateway that throws (or answers nothing)
 * has not said no: the acquirer may have approved before the connection broke, so the outcome is
 * unknown ({@code TIMEOUT}, recorded UNKNOWN) and never a decline. The failure is logged as
 * STEADFAST-GATEWAY-0001 with the exception's class and message, without the card number or
 * anything that looks like a key.
 */
public final class GatewayCall {

    /** The decline reason recorded when the gateway failed instead of answering. */
    public static final String GATEWAY_ERROR = "gateway_error";

    /** 12 to 19 digits, perhaps with spaces or dashes between them: anything that may be a card number. */
    private static final Pattern DIGIT_RUN = Pattern.compile("\\d(?:[ -]?\\d){11,18}");
    /** A long run of key-like characters (base64, hex, tokens): an API key, a secret, a signature. */
    private static final Pattern KEY_LIKE = Pattern.compile("[A-Za-z0-9+/_=-]{32,}");

    private GatewayCall() {
    }

    public static PaymentGateway.Answer authorize(PaymentGateway gateway, String paymentId, char[] pan, long amountMinor, String currency) {
        try {
            PaymentGateway.Answer answer = gateway.authorize(paymentId, pan, amountMinor, currency);
            if (answer == null || answer.outcome() == null) {
                throw new IllegalStateException("the gateway returned no outcome");
            }
            return answer;
        } catch (RuntimeException e) {
            Throwable root = Causes.root(e);
            String pans = new String(pan);
            GatewayLogger.LOG.authorizationFailed(paymentId, e.getClass().getName(), redact(e.getMessage(), pans),
                    root == e ? "" : " (caused by " + root.getClass().getName() + ": " + redact(root.getMessage(), pans) + ")");
            return new PaymentGateway.Answer(PaymentGateway.Outcome.TIMEOUT, GATEWAY_ERROR, null);
        }
    }

    /** The message without the card number, without anything shaped like one, and without key-like strings. */
    static String redact(String message, String pan) {
        if (message == null) {
            return "(no message)";
        }
        String out = pan.isEmpty() ? message : message.replace(pan, "[card number]");
        out = DIGIT_RUN.matcher(out).replaceAll("[card number]");
        return KEY_LIKE.matcher(out).replaceAll("[redacted]");
    }
}
