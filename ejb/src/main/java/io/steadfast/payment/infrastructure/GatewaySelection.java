package io.steadfast.payment.infrastructure;

import io.steadfast.payment.domain.PaymentGateway;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

import java.util.Map;
import java.util.function.Supplier;

/**
 * Chooses the {@link PaymentGateway} named by the system property {@code steadfast.gateway}
 * (default {@code simulated}). An unknown name fails at the first payment with a message that
 * lists the known ones, rather than falling back to something else.
 */
@ApplicationScoped
public class GatewaySelection {

    @Inject
    SimulatedAcquirer simulated;

    @Produces
    @ApplicationScoped
    PaymentGateway gateway() {
        Map<String, Supplier<PaymentGateway>> known = Map.of(SimulatedAcquirer.NAME, () -> simulated);
        String name = GatewaySettings.current().gateway();
        Supplier<PaymentGateway> chosen = known.get(name);
        if (chosen == null) {
            throw new IllegalStateException(GatewaySettings.GATEWAY + " is '" + name + "'; the gateways available are " + known.keySet());
        }
        return chosen.get();
    }
}
