package io.steadfast.vault.application.internal;

import java.util.List;

/**
 * The vault's health over JMX, at {@code io.steadfast:type=VaultHealth}: the bridge to the
 * readiness check in the EAR's library, which cannot see the vault's classes. Its attribute
 * {@code Health} is a composite of open types ({@code status}, {@code offlineDisks},
 * {@code problems}), so a JMX console shows it too.
 */
public interface VaultHealthMXBean {

    View getHealth();

    /** {@code VaultHealth} as JMX open types. */
    final class View {
        private final String status;
        private final List<String> offlineDisks;
        private final List<String> problems;

        public View(String status, List<String> offlineDisks, List<String> problems) {
            this.status = status;
            this.offlineDisks = List.copyOf(offlineDisks);
            this.problems = List.copyOf(problems);
        }

        public String getStatus() {
            return status;
        }

        public List<String> getOfflineDisks() {
            return offlineDisks;
        }

        public List<String> getProblems() {
            return problems;
        }
    }
}
