package io.steadfast.overview.application.internal;

import io.steadfast.overview.application.OperationsOverview;
import io.steadfast.overview.application.Overview;
import io.steadfast.operations.infrastructure.LogStore;
import io.steadfast.overview.infrastructure.PlatformFigures;
import io.steadfast.payment.domain.PaymentStatus;
import io.steadfast.vault.api.VaultHealth;
import io.steadfast.vault.api.VaultStatistics;
import io.steadfast.vault.application.VaultAdministration;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.EJB;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Implements {@link OperationsOverview}: reads the figures on request, and samples them once a
 * minute (a non-persistent calendar timer, on every node: each node keeps its own hour) into a
 * ring buffer of {@value OperationsOverview#HISTORY_POINTS} points held in memory. The history
 * starts empty at each start; the first sample is taken a second after deployment rather than
 * during it, because probing the log store waits for the management model, which the deployment
 * holds.
 *
 * <p>A figure that cannot be read (the vault down, the model not answering) is reported as
 * unknown (-1, or the vault's state DOWN with the reason) and logged once per change of reason.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class OverviewSampler implements OperationsOverview {

    /** {@code "disk 1 (/path): directory ... is missing"}, as the vault names an offline disk. */
    private static final Pattern OFFLINE_DISK = Pattern.compile("^disk (\\d+) \\((.*?)\\): (.*)$", Pattern.DOTALL);

    private final OverviewHistory<Overview> history = new OverviewHistory<>(HISTORY_POINTS);
    private final Map<String, String> lastProblem = new ConcurrentHashMap<>();
    private final PlatformFigures platform = new PlatformFigures();
    private final LogStore logStore = new LogStore();

    /**
     * How long a sample waits for the log store's probe. The probe is a management write: it
     * takes the controller's lock. An undeployment holds that lock while it waits for this bean's
     * running sample to end, so a sample that waited for the lock without a bound deadlocked
     * with it (the server went restart-required after 300 s).
     */
    static final long PROBE_TIMEOUT_SECONDS = 5;

    @Resource
    TimerService timers;

    @Resource
    ManagedThreadFactory threads;

    @EJB
    VaultAdministration vault;

    @PersistenceContext(unitName = "steadfast")
    EntityManager em;

    @PostConstruct
    void firstSample() {
        timers.createSingleActionTimer(1000, new TimerConfig("overview: first sample", false));
    }

    @Timeout
    void firstSampleDue() {
        sample();
    }

    @Schedule(hour = "*", minute = "*", second = "0", persistent = false, info = "overview: one sample a minute")
    void sample() {
        history.add(current());
    }

    @Override
    public Overview current() {
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String node = read("the node name", platform::nodeName, "unknown");
        Overview.Transactions tx = read("Narayana's statistics", platform::transactions, Overview.Transactions.UNKNOWN);
        long inDoubt = read("Narayana's log store", this::inDoubtCount, -1L);
        return new Overview(at, node, vault(), tx, paymentsByState(), inDoubt);
    }

    /** Transactions in the log store after a fresh probe, waiting at most {@link #PROBE_TIMEOUT_SECONDS}. */
    private long inDoubtCount() throws Exception {
        FutureTask<Long> probe = new FutureTask<>(() -> (long) logStore.probe().size());
        Thread prober = threads.newThread(probe);
        prober.start();
        try {
            return probe.get(PROBE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (TimeoutException e) {
            prober.interrupt(); // the controller's lock is taken interruptibly
            throw new TimeoutException("the log store's probe waited over " + PROBE_TIMEOUT_SECONDS
                    + " s for the management model (another management operation, such as a deployment, holds it)");
        }
    }

    @Override
    public List<Overview> history() {
        return history.points();
    }

    private Overview.Vault vault() {
        List<String> dirs = read("the vault's disk directories", platform::vaultDirectories, List.of());
        VaultHealth health;
        VaultStatistics stats;
        try {
            health = vault.health();
            stats = vault.statistics();
            lastProblem.remove("the vault");
        } catch (RuntimeException e) {
            unreadable("the vault", e);
            return new Overview.Vault("DOWN", disks(dirs, List.of()), List.of("the vault is unavailable: " + message(e)), -1, -1, -1, -1);
        }
        return new Overview.Vault(health.status().name(), disks(dirs, health.offlineDisks()), health.problems(), stats.repairs(),
                stats.recoveredBranches(), stats.twoPhaseCommits(), stats.rollbacks());
    }

    /** Every configured disk, marked LOST when the vault lists it offline. */
    static List<Overview.Disk> disks(List<String> directories, List<String> offline) {
        Map<Integer, String[]> lost = new LinkedHashMap<>();
        for (String o : offline) {
            Matcher m = OFFLINE_DISK.matcher(o);
            if (m.matches()) {
                lost.put(Integer.parseInt(m.group(1)), new String[]{m.group(2), m.group(3)});
            }
        }
        List<Overview.Disk> disks = new ArrayList<>();
        for (int i = 0; i < directories.size(); i++) {
            String[] l = lost.remove(i);
            disks.add(new Overview.Disk(i, directories.get(i), l == null ? "IN_SERVICE" : "LOST", l == null ? null : l[1]));
        }
        // Offline disks the configuration does not list (it was changed since the vault opened).
        lost.forEach((i, l) -> disks.add(new Overview.Disk(i, l[0], "LOST", l[1])));
        return disks;
    }

    private Map<String, Long> paymentsByState() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (PaymentStatus s : PaymentStatus.values()) {
            counts.put(s.name(), 0L);
        }
        try {
            List<Object[]> rows = em.createQuery("select p.status, count(p) from Payment p group by p.status", Object[].class)
                    .getResultList();
            for (Object[] r : rows) {
                counts.put(((PaymentStatus) r[0]).name(), ((Number) r[1]).longValue());
            }
            lastProblem.remove("payments per state");
        } catch (RuntimeException e) {
            unreadable("payments per state", e);
            counts.replaceAll((k, v) -> -1L);
        }
        return counts;
    }

    private <T> T read(String figure, Callable<T> reader, T unknown) {
        try {
            T value = reader.call();
            lastProblem.remove(figure);
            return value;
        } catch (Exception e) {
            unreadable(figure, e);
            return unknown;
        }
    }

    private void unreadable(String figure, Exception e) {
        String problem = e.getClass().getName() + ": " + message(e);
        if (!Objects.equals(lastProblem.put(figure, problem), problem)) {
            OverviewLogger.LOG.figureUnreadable(figure, e.getClass().getName(), message(e));
        }
    }

    private static String message(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getMessage() == null) {
            t = t.getCause();
        }
        return String.valueOf(t.getMessage());
    }
}
