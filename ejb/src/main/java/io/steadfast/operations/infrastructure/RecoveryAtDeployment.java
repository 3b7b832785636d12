package io.steadfast.operations.infrastructure;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedExecutorService;

import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs one pass of Narayana's recovery as soon as the application is deployed, on a thread of the
 * default managed executor, so that what a crash left in doubt is settled seconds sooner after a
 * restart than the next periodic pass would (docs/architecture.md, "Recovery settings").
 *
 * <p>Narayana's periodic recovery starts with the server, before steadfast.ear: its passes until
 * the deployment cannot reach the vault's resource adapter, and the first pass that can came up to
 * one recovery period after the deployment. This bean starts once the EJB module starts, which is
 * after the vault's connection definition (and its registration with recovery) is in place,
 * because the payment beans depend on it. The pass is the same one the admin API's "recover now"
 * runs ({@link RecoveryScan}), asked for twice, because a pass already under way may have begun
 * before the vault's registration.
 *
 * <p>Asynchronous: a pass takes at least the backoff between its two phases, and waiting for it
 * here would hold up the deployment. It does not read the log store through the management
 * model, whose lock the deployment holds.
 */
@Startup
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class RecoveryAtDeployment {

    @Resource
    ManagedExecutorService executor;

    private Future<?> pass;

    @PostConstruct
    void start() {
        pass = executor.submit(RecoveryAtDeployment::pass);
    }

    /**
     * An undeployment does not wait for the pass: it is cancelled, which stops it between its two
     * requests (Narayana's own wait inside a pass does not answer an interrupt, so a pass under
     * way runs to its end on Narayana's terms, as any periodic pass does).
     */
    @PreDestroy
    void stop() {
        if (pass != null) {
            pass.cancel(true);
        }
    }

    static void pass() {
        long started = System.nanoTime();
        try {
            // Narayana's scan() returns when a pass already under way ends, without one of its own,
            // and that pass may have begun before the vault was registered (seen: 363 ms, and the
            // transaction in doubt was left to the next periodic pass). The second call's pass,
            // its own or one the periodic thread began meanwhile, begins after the registration.
            RecoveryScan.run();
            if (Thread.currentThread().isInterrupted()) {
                return; // undeployed meanwhile
            }
            RecoveryScan.run();
            RecoveryLogger.LOG.passAtDeployment(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        } catch (RuntimeException | LinkageError e) {
            // A Future keeps what a task throws, and nothing reads it: say it here.
            RecoveryLogger.LOG.passAtDeploymentFailed(e);
        }
    }
}
