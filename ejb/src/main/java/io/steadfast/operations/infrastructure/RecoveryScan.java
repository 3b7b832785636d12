package io.steadfast.operations.infrastructure;

import java.lang.reflect.InvocationTargetException;

/**
 * Runs one pass of Narayana's periodic recovery now, in this thread, and returns when it is over
 * ({@code RecoveryManager.scan()}). Narayana is a server module ({@code org.jboss.jts}, a
 * dependency of the EJB module in the EAR's jboss-deployment-structure.xml) whose jar is not on
 * Maven Central under WildFly's version, so it is called by name rather than compiled against.
 */
public final class RecoveryScan {

    private static final String RECOVERY_MANAGER = "com.arjuna.ats.arjuna.recovery.RecoveryManager";

    private RecoveryScan() {
    }

    /**
     * Blocks until a recovery pass has ended. Narayana's {@code scan()} runs a pass of its own
     * only when none is under way; otherwise it waits for that one, which may have begun before
     * the caller's reason to ask (a resource registered since, a transaction failed since). A
     * caller that needs a pass begun after its call asks twice ({@link RecoveryAtDeployment}) or
     * asks until what it waits for is settled (the admin API's "recover now").
     */
    public static void run() {
        try {
            Class<?> type = Class.forName(RECOVERY_MANAGER, true, RecoveryScan.class.getClassLoader());
            Object manager = type.getMethod("manager").invoke(null);
            type.getMethod("scan").invoke(manager);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("the recovery pass failed: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Narayana's recovery manager is not reachable from the deployment: " + e, e);
        }
    }
}
