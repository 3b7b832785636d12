package io.steadfast.payment.domain;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The payment lifecycle, read from {@code payment-states.properties}: which operation takes a
 * payment from which state to which. Anything not listed is illegal.
 */
public final class PaymentStateMachine {

    /** The state a payment is in before its creating operation. */
    public static final String NEW = "NEW";

    private static final PaymentStateMachine DEFAULT = load("/payment-states.properties");

    private final Map<String, PaymentStatus> transitions;

    PaymentStateMachine(Map<String, PaymentStatus> transitions) {
        this.transitions = Map.copyOf(transitions);
    }

    public static PaymentStateMachine standard() {
        return DEFAULT;
    }

    static PaymentStateMachine load(String resource) {
        Properties p = new Properties();
        try (InputStream in = PaymentStateMachine.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("payment state table " + resource + " is missing");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, PaymentStatus> t = new TreeMap<>();
        for (String key : p.stringPropertyNames()) {
            String from = key.substring(0, key.indexOf('.'));
            if (!from.equals(NEW)) {
                PaymentStatus.valueOf(from); // fails loudly on a typo in the table
            }
            t.put(key, PaymentStatus.valueOf(p.getProperty(key).trim()));
        }
        return new PaymentStateMachine(t);
    }

    /** The state that {@code operation} leads to from {@code from}, if it is allowed. */
    public Optional<PaymentStatus> next(String from, String operation) {
        return Optional.ofNullable(transitions.get(from + "." + operation));
    }

    /** The state after {@code operation}, or {@link IllegalTransitionException}. */
    public PaymentStatus require(PaymentStatus from, String operation) {
        return next(from.name(), operation).orElseThrow(() -> new IllegalTransitionException(from, operation));
    }

    public Map<String, PaymentStatus> table() {
        return transitions;
    }
}
