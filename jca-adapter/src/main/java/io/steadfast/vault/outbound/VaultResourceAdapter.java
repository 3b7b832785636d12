package io.steadfast.vault.outbound;

import io.steadfast.vault.api.VaultHealth;
import io.steadfast.vault.engine.Vault;
import io.steadfast.vault.engine.VaultConfig;
import io.steadfast.vault.engine.VaultThreads;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.Connector;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterInternalException;
import jakarta.resource.spi.TransactionSupport;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;

import javax.transaction.xa.XAResource;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The vault resource adapter. It owns the vault engines: one per distinct configuration, opened
 * on first use by a connection factory (or by transaction recovery) and closed when the adapter
 * stops, so normal work and recovery always share one engine and one journal.
 */
@Connector(
        displayName = "Steadfast vault",
        description = "Redundant, checksummed, transactional object store",
        vendorName = "Steadfast",
        eisType = "Steadfast vault",
        version = "1.0",
        transactionSupport = TransactionSupport.TransactionSupportLevel.XATransaction,
        reauthenticationSupport = false)
public class VaultResourceAdapter implements ResourceAdapter, java.io.Serializable {

    private static final long serialVersionUID = 1L;

    private final transient Map<VaultConfig, Vault> engines = new HashMap<>();

    /** Every engine opened by an adapter in this JVM, for operations tooling and in-container tests. */
    private static final java.util.Set<Vault> OPEN = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** The vault engines open in this JVM (for health checks, scrub and rebuild from an admin tool). */
    public static java.util.List<Vault> openVaults() {
        return java.util.List.copyOf(OPEN);
    }

    /**
     * The engines' threads (their appliers, their forces on several disks at once), made when the
     * adapter starts and stopped when it stops, after its engines are closed: nothing of the
     * vault's runs on once the adapter is gone (a redeployment, a server stop).
     */
    private transient java.util.concurrent.ExecutorService threads;

    @Override
    public void start(BootstrapContext ctx) {
        // Engines open lazily, when the first connection asks for one; each connection
        // definition's settings are checked when its connection factory is created (deployment).
        synchronized (engines) {
            threads();
        }
    }

    /** The engines' threads; made here if the container opens an engine before {@link #start}. */
    private java.util.concurrent.ExecutorService threads() {
        if (threads == null || threads.isShutdown()) {
            threads = VaultThreads.pool("steadfast-vault");
        }
        return threads;
    }

    /**
     * Closes every engine: its applier finishes, the journal is checkpointed, and its journal and
     * segment files and its lock are closed, so the vault can be opened again (a redeployment).
     * Then the engines' threads are stopped.
     */
    @Override
    public void stop() {
        synchronized (engines) {
            for (Vault v : engines.values()) {
                OPEN.remove(v);
                try {
                    v.close();
                    VaultLogger.LOG.closed(v.config().disks().toString());
                } catch (IOException | RuntimeException e) {
                    VaultLogger.LOG.closeFailed(v.config().disks().toString(), e);
                }
            }
            engines.clear();
            if (threads != null && !VaultThreads.stop(threads, 30)) {
                VaultLogger.LOG.threadsLeftRunning();
            }
            threads = null;
        }
    }

    /** The engine for {@code config}, opening (and recovering) it on first use. */
    Vault engine(VaultConfig config) throws ResourceException {
        synchronized (engines) {
            Vault v = engines.get(config);
            if (v == null) {
                try {
                    v = Vault.open(config, VaultSettings.tuning(), threads());
                } catch (IOException | IllegalArgumentException e) {
                    VaultLogger.LOG.openFailed(config.disks().toString(), e.getMessage());
                    throw new ResourceAdapterInternalException("cannot open the vault on " + config.disks() + ": " + e.getMessage(), e);
                }
                report(v);
                engines.put(config, v);
                OPEN.add(v);
            }
            return v;
        }
    }

    /**
     * Logs what opening the engine found (journal findings, skipped journal copies, its state),
     * and from now on its applier's failures and recoveries: numbered lines for operators.
     */
    static void report(Vault v) {
        VaultConfig config = v.config();
        for (String finding : v.journalFindings()) {
            if (v.journalDamaged()) {
                VaultLogger.LOG.journalDamaged(finding);
            } else {
                VaultLogger.LOG.journalRepaired(finding);
            }
        }
        for (String finding : v.indexFindings()) {
            VaultLogger.LOG.indexRebuilt(finding);
        }
        for (String skipped : v.journalCopiesSkipped()) {
            VaultLogger.LOG.journalCopySkipped(skipped);
        }
        VaultLogger.LOG.opened(config.layout().configName(), config.disks().toString(), config.nodeId(), v.recover().length);
        if (config.clusterRoot() != null) {
            VaultLogger.LOG.shared(config.clusterRoot().toString(), config.nodeId(), config.clusterRoot().resolve(config.nodeId()).toString());
        }
        VaultHealth health = v.health();
        if (health.status() != VaultHealth.Status.UP) {
            VaultLogger.LOG.degraded(health.status().name(), health.offlineDisks().toString());
        }
        String disks = config.disks().toString();
        v.onApplierChange(problem -> {
            if (problem == null) {
                VaultLogger.LOG.applierRecovered(disks);
            } else {
                VaultLogger.LOG.applierFailing(disks, problem);
            }
        });
    }

    @Override
    public void endpointActivation(MessageEndpointFactory endpointFactory, ActivationSpec spec) throws ResourceException {
        throw new jakarta.resource.NotSupportedException("the vault adapter has no inbound side");
    }

    @Override
    public void endpointDeactivation(MessageEndpointFactory endpointFactory, ActivationSpec spec) {
        // no inbound side
    }

    @Override
    public XAResource[] getXAResources(ActivationSpec[] specs) {
        return new XAResource[0];
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
