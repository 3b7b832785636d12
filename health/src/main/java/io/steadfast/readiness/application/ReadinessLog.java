package io.steadfast.readiness.application;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Tells the log when a readiness check's reason comes, changes or goes, not at every probe (a
 * load balancer probes every few seconds). Safe for concurrent probes: of two probes that see the
 * same new reason, one logs it.
 */
public final class ReadinessLog {

    private final ConcurrentMap<String, String> reasons = new ConcurrentHashMap<>();
    private final BiConsumer<String, String> upAgain;

    /** @param upAgain told (check, the reason it had) when a check is ready again */
    public ReadinessLog(BiConsumer<String, String> upAgain) {
        this.upAgain = upAgain;
    }

    /**
     * Records a check's verdict; {@code down} hears a reason the check did not have at its last
     * probe.
     */
    public void observe(String check, Verdict verdict, Consumer<String> down) {
        Optional<String> now = verdict.problem();
        if (now.isPresent()) {
            String before = reasons.put(check, now.get());
            if (!now.get().equals(before)) {
                down.accept(now.get());
            }
        } else {
            String before = reasons.remove(check);
            if (before != null) {
                upAgain.accept(check, before);
            }
        }
    }
}
