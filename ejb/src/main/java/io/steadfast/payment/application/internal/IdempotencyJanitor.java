package io.steadfast.payment.application.internal;

import io.steadfast.configuration.Settings;
import io.steadfast.payment.domain.IdempotencyRecord;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.function.UnaryOperator;
import java.time.Instant;

/**
 * Purges idempotency records older than the retention period ({@code steadfast.idempotency.retention-hours},
 * 24 by default, the least it accepts), every 15 minutes ({@link io.steadfast.scheduling.application.ScheduledTasks}). A retry within the retention period is always
 * answered with the original response.
 */
@Singleton
public class IdempotencyJanitor {

    private static final Logger LOG = Logger.getLogger(IdempotencyJanitor.class);
    static final long MIN_RETENTION_HOURS = 24;
    /** The setting: hours an idempotency record is kept, at least {@value #MIN_RETENTION_HOURS}. */
    static final String RETENTION = "steadfast.idempotency.retention-hours";

    @PersistenceContext(unitName = "steadfast")
    EntityManager em;

    /** The retention period now; a value under the minimum is refused, not raised to it. */
    public static Duration retention() {
        return retention(Settings.current());
    }

    public static Duration retention(UnaryOperator<String> settings) {
        return Duration.ofHours(Settings.wholeNumber(settings, RETENTION, MIN_RETENTION_HOURS, MIN_RETENTION_HOURS, 24L * 366 * 100));
    }

    /** Purges the records older than the retention period now; returns how many. Run every 15 minutes by ScheduledTasks. */
    public int purgeExpired() {
        Duration retention = retention();
        int purged = purgeOlderThan(Instant.now().minus(retention));
        if (purged > 0) {
            LOG.infof("Purged %d idempotency record(s) older than %s", purged, retention);
        }
        return purged;
    }

    /** Deletes the records created before {@code cutoff}; returns how many. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public int purgeOlderThan(Instant cutoff) {
        return em.createNamedQuery("IdempotencyRecord.purgeBefore").setParameter("cutoff", cutoff).executeUpdate();
    }
}
