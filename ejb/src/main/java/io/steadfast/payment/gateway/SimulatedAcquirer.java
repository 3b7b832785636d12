package io.steadfast.payment.gateway;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;

import java.util.Map;

/**
 * The built-in simulated acquirer (the default, {@code steadfast.gateway=simulated}). Its test
 * cards:
 *
 * <table>
 *   <caption>Test cards</caption>
 *   <tr><th>number</th><th>answer</th></tr>
 *   <tr><td>4242 4242 4242 4242</td><td>approved</td></tr>
 *   <tr><td>4000 0000 0000 0002</td><td>declined: do_not_honor</td></tr>
 *   <tr><td>4000 0000 0000 9995</td><td>insufficient funds</td></tr>
 *   <tr><td>4000 0000 0000 0119</td><td>timeout: the outcome stays unknown</td></tr>
 * </table>
 *
 * Any other number that passes the Luhn check is approved.
 */
@ApplicationScoped
@Typed(SimulatedAcquirer.class)
public class SimulatedAcquirer implements PaymentGateway {

    /** Its name in {@code steadfast.gateway}. */
    public static final String NAME = "simulated";

    private static final Map<String, Answer> CARDS = Map.of(
            "4000000000000002", new Answer(Outcome.DECLINED, "do_not_honor", null),
            "4000000000009995", new Answer(Outcome.INSUFFICIENT_FUNDS, "insufficient_funds", null),
            "4000000000000119", new Answer(Outcome.TIMEOUT, "acquirer_timeout", null));

    @Override
    public Answer authorize(String paymentId, char[] pan, long amountMinor, String currency) {
        Answer scripted = CARDS.get(new String(pan));
        return scripted != null ? scripted : new Answer(Outcome.APPROVED, null, "sim-" + paymentId.substring(0, 8));
    }
}
