package io.steadfast.vault.engine;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * How a vault is laid out.
 *
 * @param disks        the directories that act as disks; each should be a separate device in production
 * @param layout       how objects are spread over the disks
 * @param dataChunks   k, for {@code parity}, {@code reed-solomon} and {@code stripe}
 * @param parityChunks m, for {@code reed-solomon}
 * @param allowStripe  {@code stripe} has no redundancy and is refused unless this is set
 * @param nodeId       the cluster node that owns the journal under {@code journal/<nodeId>}
 * @param clusterRoot  for a vault shared by a cluster, the folder that holds one folder per node,
 *                     {@code <clusterRoot>/<nodeId>/}, inside which this node's disks must lie;
 *                     reads that miss this node's vault then look in the other nodes' folders
 *                     (read-only). Null for a vault of its own.
 */
public record VaultConfig(List<Path> disks, Layout layout, int dataChunks, int parityChunks,
                          boolean allowStripe, String nodeId, Path clusterRoot) {

    public VaultConfig {
        disks = List.copyOf(Objects.requireNonNull(disks, "disks"));
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(nodeId, "nodeId");
        if (disks.isEmpty()) {
            throw new IllegalArgumentException("a vault needs at least one disk directory");
        }
        if (!isNodeId(nodeId)) {
            throw new IllegalArgumentException("node id '" + nodeId + "' must be 1-64 characters of A-Z a-z 0-9 . _ -");
        }
        if (clusterRoot != null) {
            clusterRoot = clusterRoot.toAbsolutePath().normalize();
            Path own = clusterRoot.resolve(nodeId);
            for (Path d : disks) {
                Path disk = d.toAbsolutePath().normalize();
                if (!disk.startsWith(own) || disk.equals(own)) {
                    throw new IllegalArgumentException("disk directory " + d + " is not inside " + own
                            + ": in a cluster each node's disks lie in <clusterRoot>/<nodeId>/, so that the other nodes find them");
                }
            }
        }
    }

    /** Whether {@code name} can be a node id: 1-64 characters of A-Z a-z 0-9 . _ - (also a folder name under a cluster root). */
    public static boolean isNodeId(String name) {
        return name.matches("[A-Za-z0-9._-]{1,64}");
    }

    /** A vault of this node's own, not shared with a cluster. */
    public VaultConfig(List<Path> disks, Layout layout, int dataChunks, int parityChunks, boolean allowStripe, String nodeId) {
        this(disks, layout, dataChunks, parityChunks, allowStripe, nodeId, null);
    }

    /** A single-directory mirror, for tests and the simplest set-ups. */
    public static VaultConfig single(Path dir, String nodeId) {
        return new VaultConfig(List.of(dir), Layout.MIRROR, 1, 0, false, nodeId);
    }

    /** The supported layouts. */
    public enum Layout {
        MIRROR("mirror"), PARITY("parity"), REED_SOLOMON("reed-solomon"), STRIPE("stripe");

        private final String configName;

        Layout(String configName) {
            this.configName = configName;
        }

        public String configName() {
            return configName;
        }

        /** Parses {@code mirror}, {@code parity}, {@code reed-solomon} or {@code stripe}. */
        public static Layout parse(String name) {
            for (Layout l : values()) {
                if (l.configName.equalsIgnoreCase(name.trim())) {
                    return l;
                }
            }
            throw new IllegalArgumentException("unknown vault layout '" + name + "'; use mirror, parity, reed-solomon or stripe");
        }
    }
}
