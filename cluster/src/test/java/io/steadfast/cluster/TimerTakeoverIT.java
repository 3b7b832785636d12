package io.steadfast.cluster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The payment janitor (every 5 s in the run configuration the cluster uses) runs once per fire in
 * the whole cluster, on the one node where the HA singleton deployment steadfast-scheduler.jar is
 * active, and goes on running, on the survivor, when that node is killed: WildFly starts the
 * singleton deployment there. Watched through its scheduled_task row: each fire it ran for, the
 * node, the count of runs.
 */
@ExtendWith(ClusterExtension.class)
class TimerTakeoverIT {

    private static final String TASK = "payment-janitor";
    private static final Duration PERIOD = Duration.ofSeconds(5);

    @Test
    void theJanitorRunsOncePerFireAndGoesOnOnTheSurvivor(Cluster cluster) throws Exception {
        List<Database.TaskRow> before = watch(Duration.ofSeconds(16));
        assertOncePerFire(before, "both nodes up");
        String ranOn = before.get(before.size() - 1).lastNode();
        assertThat(ranOn).startsWith("node-");
        int victim = Integer.parseInt(ranOn.substring("node-".length()));
        int survivor = victim == 1 ? 2 : 1;
        // One node holds the timers, the singleton's: the one that ran every fire, by the nodes' own logs.
        assertThat(before).as("every fire with both nodes up ran on %s", ranOn).allSatisfy(row -> assertThat(row.lastNode()).isEqualTo(ranOn));
        assertThat(holdsTheTasks(cluster, victim)).as("node-%d's log says it holds the scheduled tasks", victim).isTrue();
        assertThat(holdsTheTasks(cluster, survivor)).as("node-%d's log says it does not", survivor).isFalse();

        // The kill lands 150 ms before a fire: the victim misses it, and the survivor, which takes
        // the singleton over some 300 ms after the kill (JGroups' VERIFY_SUSPECT2), must run it:
        // by its catch-up when it takes over after the fire was due (the usual case), by its own
        // timer when before. What the kill is measured against is read first, while the next fire
        // is still far, so that nothing but the kill itself comes between the wake-up and the fire.
        Database.TaskRow lastBefore;
        Instant fire;
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            lastBefore = Database.task(TASK);
            fire = lastBefore.lastFire(); // a fire's name is its next timeout: this is the next fire to come
            if (Instant.now().isBefore(fire.minusMillis(400))) {
                break;
            }
            assertThat(System.nanoTime()).as("a moment 400 ms or more before the janitor's next fire, within 30 s").isLessThan(until);
            Thread.sleep(200); // polling the row until the imminent fire has run, with a deadline
        }
        byte[] survivorLog = log(cluster, survivor);
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), fire.minusMillis(150)).toMillis())); // aiming the kill at a moment, not waiting for a condition
        Instant wallBefore = Instant.now();
        long nanoBefore = System.nanoTime();
        Instant killedAt = wallBefore.plusNanos(cluster.killNodeNow(victim) - nanoBefore);
        // A stall of the test (a collection, the other JVMs on the 2 cores) can still push the kill
        // past the fire; the victim may then have run it itself, and who ran it is not asserted.
        boolean aimed = killedAt.isBefore(fire);
        List<Database.TaskRow> after = watch(Duration.ofSeconds(21));
        assertOncePerFire(after, "after node-" + victim + " was killed");
        Database.TaskRow last = after.get(after.size() - 1);
        assertThat(last.lastNode()).as("the janitor runs on the survivor").isEqualTo("node-" + survivor);
        assertThat(after.subList(1, after.size())).as("after the kill every fire ran on the survivor")
                .allSatisfy(row -> assertThat(row.lastNode()).isEqualTo(last.lastNode()));
        // No fire was lost across the kill: from the last fire before it to the last after, one run per period.
        long periods = Duration.between(lastBefore.lastFire(), last.lastFire()).dividedBy(PERIOD);
        assertThat(last.runs() - lastBefore.runs()).as("runs from %s to %s", lastBefore, last).isEqualTo(periods);
        Instant missed = fire.plus(PERIOD); // the name of the fire due at `fire`
        if (aimed) {
            assertThat(after).as("the fire due at %s, which node-%d missed", fire, victim)
                    .anySatisfy(row -> assertThat(row).isEqualTo(new Database.TaskRow(missed, "node-" + survivor, row.runs())));
        } else {
            System.out.printf("TimerTakeoverIT: the kill landed %d ms after the fire it aimed at; that fire's node is not asserted%n",
                    Duration.between(fire, killedAt).toMillis());
        }
        byte[] now = log(cluster, survivor);
        String taken = new String(now, survivorLog.length, now.length - survivorLog.length, StandardCharsets.UTF_8);
        assertThat(taken).as("node-%d's log after the kill", survivor).contains("STEADFAST-SCHEDULER-0001");
        System.out.printf("TimerTakeoverIT: node-%d killed %d ms %s the fire of %s; node-%d ran it %s%n", victim,
                Math.abs(Duration.between(killedAt, fire).toMillis()), aimed ? "before" : "after", fire, survivor,
                taken.contains("STEADFAST-SCHEDULER-0004: Task " + TASK) ? "by its catch-up (took over after it was due)" : "by its own timer (took over before it was due)");
        cluster.startNode(victim);
        assertThat(holdsTheTasks(cluster, victim)).as("node-%d, started again, leaves the tasks where they are", victim).isFalse();
    }

    /** Whether node {@code k}'s last word on the scheduled tasks is that it runs them (0001) rather than waits (0002) or handed them over (0003). */
    private static boolean holdsTheTasks(Cluster cluster, int k) throws IOException {
        Matcher m = Pattern.compile("STEADFAST-SCHEDULER-000([123])").matcher(new String(log(cluster, k), StandardCharsets.UTF_8));
        String lastSaid = null;
        while (m.find()) {
            lastSaid = m.group(1);
        }
        return "1".equals(lastSaid);
    }

    /**
     * Node {@code k}'s whole log: the files the handler rotated (server.log.DATE, at midnight),
     * oldest first, then server.log. It only grows, across a rotation too.
     */
    private static byte[] log(Cluster cluster, int k) throws IOException {
        Path current = cluster.serverLog(k);
        List<Path> files;
        try (var listing = Files.list(current.getParent())) {
            files = listing.filter(f -> f.getFileName().toString().startsWith("server.log.")).sorted().collect(Collectors.toList());
        }
        files.add(current);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (Path f : files) {
            if (Files.exists(f)) {
                all.write(Files.readAllBytes(f));
            }
        }
        return all.toByteArray();
    }

    /** The task's row every 200 ms for {@code span}: each distinct fire seen once, with its count. */
    private static List<Database.TaskRow> watch(Duration span) throws Exception {
        List<Database.TaskRow> fires = new ArrayList<>();
        long until = System.nanoTime() + span.toNanos();
        while (System.nanoTime() < until) {
            Database.TaskRow row = Database.task(TASK);
            if (fires.isEmpty() || !fires.get(fires.size() - 1).lastFire().equals(row.lastFire())) {
                fires.add(row);
            }
            Thread.sleep(200); // sampling the row, far more often than the task's period
        }
        return fires;
    }

    /** Consecutive fires are one period apart, and each added exactly one run. */
    private static void assertOncePerFire(List<Database.TaskRow> fires, String when) {
        assertThat(fires.size()).as("%s: fires seen %s", when, fires).isGreaterThanOrEqualTo(3);
        for (int i = 1; i < fires.size(); i++) {
            Database.TaskRow a = fires.get(i - 1);
            Database.TaskRow b = fires.get(i);
            assertThat(Duration.between(a.lastFire(), b.lastFire())).as("%s: from %s to %s", when, a, b).isEqualTo(PERIOD);
            assertThat(b.runs() - a.runs()).as("%s: one run for the fire %s", when, b.lastFire()).isEqualTo(1);
        }
        Instant newest = fires.get(fires.size() - 1).lastFire();
        assertThat(newest).as("%s: the task keeps running", when).isAfter(Instant.now().minus(PERIOD.multipliedBy(3)));
    }
}
