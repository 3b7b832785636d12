package io.steadfast.vault.api;

import java.util.List;

/**
 * The vault's state: {@code UP} with every disk in service, {@code DEGRADED} while some disks are
 * out but the layout still serves every object, {@code DOWN} when too many are out.
 *
 * @param status       overall state
 * @param offlineDisks the disks out of service, with the reason
 */
public record VaultHealth(Status status, List<String> offlineDisks) {

    /** Overall state. */
    public enum Status { UP, DEGRADED, DOWN }
}
