package io.steadfast.readiness.infrastructure;

import io.steadfast.readiness.application.ReadinessLog;

/**
 * The one {@link ReadinessLog} of the deployment, shared by the readiness checks and the start-up
 * check of the EJB module (this library's classes are loaded once for the whole EAR), so a reason
 * found at start-up is not logged again at the first probe.
 */
public final class ReadinessChanges {

    public static final ReadinessLog LOG = new ReadinessLog(HealthLogger.LOG::upAgain);

    private ReadinessChanges() {
    }
}
