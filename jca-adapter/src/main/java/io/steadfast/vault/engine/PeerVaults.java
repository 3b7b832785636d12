package io.steadfast.vault.engine;

import io.steadfast.vault.api.VaultException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The other nodes' vaults of a cluster, read-only: one vault across the nodes.
 *
 * <p>Every node writes only its own folder {@code <clusterRoot>/<nodeId>/} (its segments, its
 * journal, under its lock file), so no two nodes ever write one file. A read that misses this
 * node's vault looks in the others: each peer folder found under the cluster root is read by a
 * {@linkplain RedundantStore#follower follower}, with the same layout and the same disk names as
 * this node's, and with its index kept in this node's disks ({@code <disk>/peers/<peer>/index}).
 * Before each read every follower reads what its writer appended since it last looked (a listing
 * and a size per disk when nothing was), so a read sees every commit and delete a peer returned
 * from; a chunk whose segment the writer compacted away meanwhile is looked up again the same way.
 *
 * <p>What a peer committed is here as soon as its commit has returned, because a vault with a
 * cluster root returns from a commit only after the applier has written the commit's chunks to
 * the segment files (not forced: the peer's journal holds them durably, and its restart redoes
 * them). A peer that is down is still read: its files are where it left them.
 */
final class PeerVaults implements AutoCloseable {

    private final Path clusterRoot;
    private final String self;
    /** This node's disks, relative to its own folder; a peer's disks have the same names in its folder. */
    private final List<Path> diskNames;
    private final List<Path> ownDisks;
    private final Codec codec;
    private final IoFaults faults;
    /** The engine's threads, for the followers' checkpoints. */
    private final java.util.concurrent.ExecutorService threads;
    private final Map<String, RedundantStore> followers = new ConcurrentSkipListMap<>();
    private volatile boolean closed;

    PeerVaults(VaultConfig config, Codec codec, IoFaults faults, java.util.concurrent.ExecutorService threads) {
        this.threads = threads;
        this.clusterRoot = config.clusterRoot();
        this.self = config.nodeId();
        Path own = clusterRoot.resolve(self);
        this.ownDisks = config.disks().stream().map(p -> p.toAbsolutePath().normalize()).toList();
        this.diskNames = ownDisks.stream().map(own::relativize).toList();
        this.codec = codec;
        this.faults = faults;
    }

    /**
     * The object under {@code key} in some peer's vault, verified; empty when no peer has it. The
     * followers first read what their writers appended, so a read sees every commit and delete a
     * peer returned from before it started.
     */
    Optional<byte[]> read(String key) {
        follow();
        try {
            return lookup(key);
        } catch (VaultException e) {
            follow(); // a chunk the peer compacted away meanwhile: its copy is in a later segment
            return lookup(key);
        }
    }

    private Optional<byte[]> lookup(String key) {
        for (RedundantStore f : followers.values()) {
            Optional<byte[]> found = f.read(key);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    boolean exists(String key) {
        follow();
        return followers.values().stream().anyMatch(f -> f.exists(key));
    }

    /** Finds peers that appeared, and lets every follower read what its writer appended. */
    synchronized void follow() {
        if (closed) {
            return;
        }
        for (String peer : peerFolders()) {
            if (!followers.containsKey(peer)) {
                try {
                    followers.put(peer, open(peer));
                } catch (IOException e) {
                    throw unreadable(peer, e);
                }
            }
        }
        for (Map.Entry<String, RedundantStore> f : followers.entrySet()) {
            try {
                f.getValue().follow();
            } catch (IOException e) {
                throw unreadable(f.getKey(), e);
            }
        }
    }

    private VaultException unreadable(String peer, IOException e) {
        return new VaultException(VaultException.Reason.IO, "cannot read node " + peer + "'s vault under " + clusterRoot + ": "
                + e.getMessage(), e);
    }

    private RedundantStore open(String peer) throws IOException {
        List<Path> roots = new ArrayList<>();
        List<Path> indexes = new ArrayList<>();
        for (int i = 0; i < diskNames.size(); i++) {
            roots.add(clusterRoot.resolve(peer).resolve(diskNames.get(i)));
            indexes.add(ownDisks.get(i).resolve("peers").resolve(peer));
        }
        return RedundantStore.follower(roots, indexes, codec, faults, threads);
    }

    /** Every folder of the cluster root but this node's that holds a disk with segments. */
    private List<String> peerFolders() {
        List<String> found = new ArrayList<>();
        if (!Files.isDirectory(clusterRoot)) {
            return found;
        }
        try (var folders = Files.list(clusterRoot)) {
            folders.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(n -> !n.equals(self) && VaultConfig.isNodeId(n))
                    .filter(n -> diskNames.stream().anyMatch(d -> Files.isDirectory(clusterRoot.resolve(n).resolve(d).resolve("segments"))))
                    .sorted()
                    .forEach(found::add);
        } catch (IOException e) {
            throw new VaultException(VaultException.Reason.IO, "cannot list the cluster's vaults in " + clusterRoot + ": " + e.getMessage(), e);
        }
        return found;
    }

    @Override
    public synchronized void close() {
        closed = true;
        followers.values().forEach(RedundantStore::close);
        followers.clear();
    }
}
