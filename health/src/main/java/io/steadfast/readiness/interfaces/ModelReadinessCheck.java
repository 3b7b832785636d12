package io.steadfast.readiness.interfaces;

import io.steadfast.readiness.application.Verdict;
import io.steadfast.readiness.infrastructure.ReadinessChanges;
import io.steadfast.readiness.infrastructure.ManagementModel;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

import javax.management.JMException;

/**
 * A readiness check over the platform MBean server: reads its inputs (adding them to the
 * response's data), decides, logs a new reason once, and answers. A read that fails is a DOWN
 * answer with the cause, never an exception.
 */
abstract class ModelReadinessCheck implements HealthCheck {

    /** The reason while the server boots. */
    static final String STARTING = "the server is still starting";

    final ManagementModel model = new ManagementModel();

    abstract String name();

    /** Reads the inputs, puts them in {@code data}, and decides. */
    abstract Verdict inspect(HealthCheckResponseBuilder data) throws JMException;

    /** The reason when the inputs cannot be read. */
    abstract Verdict unreadable(String cause);

    /** The numbered log line of a new reason. */
    abstract void logDown(String reason);

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named(name());
        if (model.starting()) {
            // Not ready, and nothing to log: a half-built model would give a misleading reason
            // (a connection definition without its recovery settings yet, say).
            return b.withData("reason", STARTING).down().build();
        }
        Verdict verdict;
        try {
            verdict = inspect(b);
        } catch (JMException | RuntimeException e) {
            verdict = unreadable(Causes.describe(e));
        }
        ReadinessChanges.LOG.observe(name(), verdict, this::logDown);
        verdict.problem().ifPresent(p -> b.withData("reason", p));
        return b.status(verdict.isReady()).build();
    }
}
