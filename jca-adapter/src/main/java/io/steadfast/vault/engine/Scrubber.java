package io.steadfast.vault.engine;

import io.steadfast.vault.api.ScrubReport;
import io.steadfast.vault.api.VaultException;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * A scrub: reads and verifies every chunk of every object of a {@link RedundantStore}, and
 * repairs what it can through the store's own read path (a good chunk appended where one was
 * missing, damaged or stale). The same pass refills a replaced disk after
 * {@link RedundantStore#bringBack}. Keys are taken from the indexes a page at a time, so a scrub
 * of millions of objects holds one page in memory.
 */
final class Scrubber {

    /** Keys a scrub takes from the indexes at a time. */
    static final int PAGE = 1_000;

    private Scrubber() {
    }

    /**
     * @param bytesPerSecond throttle (0 for none), so a scrub does not starve payments of disk time
     * @param progress       told (objects done, objects in total) after each object
     * @param inFlight       objects to skip because a commit is still writing them
     */
    static ScrubReport scrub(RedundantStore store, long bytesPerSecond, BiConsumer<Long, Long> progress, Predicate<String> inFlight) {
        long total = store.estimatedObjects();
        long start = System.nanoTime();
        long bytes = 0;
        long checked = 0;
        long errors = 0;
        long[] repaired = new long[1];
        List<String> unrecoverable = new ArrayList<>();
        long done = 0;
        List<String> page = store.list("", null, PAGE);
        while (!page.isEmpty()) {
            for (String key : page) {
                if (inFlight.test(key)) {
                    continue;
                }
                RedundantStore.Survey s = store.survey(key);
                checked += s.found();
                errors += s.errors() + Math.max(0, s.bad().size() - s.errors());
                if (!s.bad().isEmpty() && s.found() > 0) {
                    try {
                        bytes += store.rebuild(key, s, repaired).length;
                    } catch (VaultException e) {
                        unrecoverable.add(key);
                    }
                } else if (s.objectLength() > 0) {
                    bytes += s.objectLength();
                }
                done++;
                total = Math.max(total, done);
                progress.accept(done, total);
                if (bytesPerSecond > 0) {
                    long wait = start + bytes * 1_000_000_000L / bytesPerSecond - System.nanoTime();
                    if (wait > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    }
                }
            }
            page = page.size() < PAGE ? List.of() : store.list("", page.get(page.size() - 1), PAGE);
        }
        return new ScrubReport(done, checked, errors, repaired[0], List.copyOf(unrecoverable));
    }
}
