package io.steadfast.cluster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

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
        // One node holds the timers (the singleton's), not whichever node claims a fire first.
        assertThat(before).as("every fire with both nodes up ran on %s", ranOn).allSatisfy(row -> assertThat(row.lastNode()).isEqualTo(ranOn));
        int victim = Integer.parseInt(ranOn.substring("node-".length()));

        cluster.killNodeNow(victim);
        List<Database.TaskRow> after = watch(Duration.ofSeconds(21));
        assertOncePerFire(after, "after node-" + victim + " was killed");
        Database.TaskRow last = after.get(after.size() - 1);
        assertThat(last.lastNode()).as("the janitor runs on the survivor").isNotEqualTo(ranOn);
        assertThat(after.subList(1, after.size())).as("after the kill every fire ran on the survivor")
                .allSatisfy(row -> assertThat(row.lastNode()).isEqualTo(last.lastNode()));
        // No fire was lost across the kill: from the last fire before it to the last after, one run per period.
        Database.TaskRow lastBefore = before.get(before.size() - 1);
        long periods = Duration.between(lastBefore.lastFire(), last.lastFire()).dividedBy(PERIOD);
        assertThat(last.runs() - lastBefore.runs()).as("runs from %s to %s", lastBefore, last).isEqualTo(periods);
        cluster.startNode(victim);
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
