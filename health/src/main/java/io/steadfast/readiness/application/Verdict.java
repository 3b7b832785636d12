package io.steadfast.readiness.application;

import java.util.Optional;

/**
 * One readiness check's answer: ready, or not with the reason (what is wrong and what to do).
 *
 * @param problem absent when ready
 */
public record Verdict(Optional<String> problem) {

    public Verdict {
        problem = problem == null ? Optional.empty() : problem;
    }

    public static Verdict ready() {
        return new Verdict(Optional.empty());
    }

    public static Verdict down(String reason) {
        return new Verdict(Optional.of(reason));
    }

    public boolean isReady() {
        return problem.isEmpty();
    }
}
