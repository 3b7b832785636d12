package io.steadfast.vault.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class GroupCommitTest {

    @TempDir
    Path dir;

    @Test
    void concurrentCommitsShareJournalForces() throws Exception {
        int writers = 16;
        int each = 20;
        VaultConfig cfg = new VaultConfig(List.of(dir.resolve("d0"), dir.resolve("d1")), VaultConfig.Layout.MIRROR, 1, 0, false, "n1");
        try (Vault v = Vault.open(cfg)) {
            long batchesBefore = v.stats().journalBatches();
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int id = w;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        v.put("w" + id + "-" + i, new byte[4096]);
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get(2, TimeUnit.MINUTES);
            }
            pool.shutdown();
            long commits = (long) writers * each;
            long batches = v.stats().journalBatches() - batchesBefore;
            System.out.printf("GroupCommitTest: %d commits from %d writers in %d journal batches (%.1f commits per force)%n",
                    commits, writers, batches, (double) commits / batches);
            assertThat(v.stats().onePhaseCommits()).isEqualTo(commits);
            assertThat(batches).as("group commit shares forces between concurrent writers").isLessThan(commits);
            assertThat(v.list("w")).hasSize((int) commits);
        }
    }
}
