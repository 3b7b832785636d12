package io.steadfast.vault.api;

import java.util.List;

/**
 * The vault's state: {@code UP} with every disk in service and the applier keeping up,
 * {@code DEGRADED} while some disks are out but the layout still serves every object (or while the
 * applier cannot write committed objects to the disks, which it keeps serving from memory and the
 * journal), {@code DOWN} when too many disks are out or the applier has stopped.
 *
 * @param status       overall state
 * @param offlineDisks the disks out of service, with the reason
 * @param problems     what else keeps it from {@code UP}, in words for an operator (the applier)
 */
public record VaultHealth(Status status, List<String> offlineDisks, List<String> problems) {

    /** Overall state. */
    public enum Status { UP, DEGRADED, DOWN }

    public VaultHealth {
        offlineDisks = List.copyOf(offlineDisks);
        problems = List.copyOf(problems);
    }

    /** The state of the disks alone. */
    public VaultHealth(Status status, List<String> offlineDisks) {
        this(status, offlineDisks, List.of());
    }
}
