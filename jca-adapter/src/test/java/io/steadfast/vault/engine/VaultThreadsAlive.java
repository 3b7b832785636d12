package io.steadfast.vault.engine;

import java.util.List;
import java.util.Set;

/** The vault's threads alive in this JVM, for tests that check none outlives its engine or adapter. */
public final class VaultThreadsAlive {

    private VaultThreadsAlive() {
    }

    /** Every live thread now, to compare with later. */
    public static Set<Thread> now() {
        return Set.copyOf(Thread.getAllStackTraces().keySet());
    }

    /** Names of the live threads of the vault's (they start with steadfast-vault) that were not in {@code before}. */
    public static List<String> since(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !before.contains(t) && t.getName().startsWith("steadfast-vault"))
                .map(Thread::getName).sorted().toList();
    }
}
