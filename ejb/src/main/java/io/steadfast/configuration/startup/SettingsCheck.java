package io.steadfast.configuration.startup;

import io.steadfast.configuration.ConfigurationLogger;
import io.steadfast.security.infrastructure.KeyStoreSettings;
import io.steadfast.operations.application.internal.OperationsBean;
import io.steadfast.payment.application.internal.IdempotencyJanitor;
import io.steadfast.payment.application.internal.JanitorSettings;
import io.steadfast.payment.infrastructure.GatewaySettings;
import io.steadfast.scheduling.application.ScheduledTasks;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Reads every setting of the EJB module once while it is deployed. Most are read again when
 * they are used (a changed system property counts from then on), but a value that cannot be
 * parsed stops the deployment here, with one numbered message that names each bad setting
 * (STEADFAST-CONFIG-0001), instead of failing the first request or timer that reads it.
 * The key store password is checked by {@code KeyStoreStartupCheck}, which also opens the stores.
 */
@Startup
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SettingsCheck {

    @PostConstruct
    void check() {
        check(List.of(JanitorSettings::current, IdempotencyJanitor::retention, OperationsBean::recoverTimeout,
                GatewaySettings::current, KeyStoreSettings::current, ScheduledTasks::mode));
    }

    /** Reads each setting; throws (and so stops the deployment) with every problem found. */
    static void check(List<Supplier<?>> reads) {
        List<String> problems = new ArrayList<>();
        for (Supplier<?> read : reads) {
            try {
                read.get();
            } catch (IllegalArgumentException | java.util.NoSuchElementException e) {
                // NoSuchElementException: MicroProfile Config could not expand a ${...} in a value
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            IllegalStateException stop = ConfigurationLogger.LOG.invalidSettings(problems.size(), String.join("; ", problems));
            ConfigurationLogger.LOG.error(stop.getMessage());
            throw stop;
        }
    }
}
