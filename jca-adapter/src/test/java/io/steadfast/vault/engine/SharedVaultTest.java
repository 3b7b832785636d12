package io.steadfast.vault.engine;

import io.steadfast.vault.api.VaultException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.transaction.xa.Xid;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.steadfast.vault.engine.VaultTransactionTest.bytes;
import static io.steadfast.vault.engine.VaultTransactionTest.xid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One vault across the nodes of a cluster: two engines (two nodes) on one cluster root, each
 * writing its own folder and reading the other's. The cluster suite does the same with two servers.
 */
class SharedVaultTest {

    @TempDir
    Path root;
    private final List<Vault> open = new ArrayList<>();

    private VaultConfig config(String node) {
        Path own = root.resolve(node);
        return new VaultConfig(List.of(own.resolve("disk-0"), own.resolve("disk-1")), VaultConfig.Layout.MIRROR, 1, 0, false, node, root);
    }

    /** Small segments and journal, so a few hundred objects roll segments over and compaction has work. */
    private Vault node(String node) throws IOException {
        Vault v = Vault.open(config(node), IoFaults.NONE, 256 << 10, 32 << 10);
        open.add(v);
        return v;
    }

    @AfterEach
    void closeAll() throws IOException {
        for (Vault v : open) {
            v.close();
        }
    }

    private static void commit(Vault v, String key, byte[] data, boolean twoPhase) throws Exception {
        Xid x = xid();
        v.begin(x);
        v.stage(x, key, data);
        if (twoPhase) {
            v.prepare(x);
        }
        v.commit(x, !twoPhase);
    }

    private static void delete(Vault v, String key) throws Exception {
        Xid x = xid();
        v.begin(x);
        v.stageDelete(x, key);
        v.commit(x, true);
    }

    @Test
    void aCommitThroughOneNodeIsReadThroughTheOtherAsSoonAsItReturns() throws Exception {
        Vault a = node("node-a");
        Vault b = node("node-b");
        for (int i = 0; i < 50; i++) {
            commit(a, "receipt-a-" + i, bytes("from a " + i), i % 2 == 0);
            assertThat(b.get("receipt-a-" + i)).as("node b reads a's object %d right after a's commit returned", i)
                    .hasValue(bytes("from a " + i));
            commit(b, "receipt-b-" + i, bytes("from b " + i), i % 2 == 1);
            assertThat(a.get("receipt-b-" + i)).hasValue(bytes("from b " + i));
            assertThat(a.exists("receipt-b-" + i)).isTrue();
        }
        assertThat(b.get("never-written")).isEmpty();
        assertThat(b.exists("never-written")).isFalse();
        assertThat(a.list("receipt-")).as("list is this node's vault only").allMatch(k -> k.startsWith("receipt-a-")).hasSize(50);
    }

    @Test
    void eachNodeWritesOnlyItsOwnFolder() throws Exception {
        Vault a = node("node-a");
        Vault b = node("node-b");
        for (int i = 0; i < 20; i++) {
            commit(a, "k-a-" + i, bytes("a" + i), true);
        }
        a.checkpoint();
        // A damaged chunk in a's first disk: a's own read would repair it; b must read around it and leave a's files alone.
        ChunkDamage.flipBit(ChunkDamage.region(a, 0, "k-a-3").orElseThrow(), 200);
        Map<Path, String> before = digests(root.resolve("node-a"));
        for (int i = 0; i < 20; i++) {
            assertThat(b.get("k-a-" + i)).hasValue(bytes("a" + i));
        }
        assertThat(digests(root.resolve("node-a"))).as("node b's reads changed nothing in node a's folder").isEqualTo(before);
        assertThat(Files.exists(root.resolve("node-b/disk-0/peers/node-a/index/index.mv")))
                .as("b's index of a's disks is in b's folder").isTrue();
        assertThatThrownBy(() -> Vault.open(config("node-a"))).as("a second writer of node a's folder is refused")
                .isInstanceOf(IOException.class).hasMessageContaining("already open");
    }

    @Test
    void aStoppedNodesObjectsAreStillReadAndATornTailIsLeftAlone() throws Exception {
        Vault a = node("node-a");
        for (int i = 0; i < 10; i++) {
            commit(a, "k" + i, bytes("v" + i), true);
        }
        a.close();
        open.remove(a);
        // What a killed writer leaves at the end of its active segment: half a chunk.
        Path active;
        try (Stream<Path> s = Files.list(root.resolve("node-a/disk-0/segments"))) {
            active = s.max(Path::compareTo).orElseThrow();
        }
        byte[] half = java.util.Arrays.copyOf(ChunkCodec.encode("torn", 0, 1, 1, 100, new byte[100]), 40);
        try (FileChannel ch = FileChannel.open(active, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ch.write(ByteBuffer.wrap(half));
        }
        long size = Files.size(active);
        Vault b = node("node-b");
        for (int i = 0; i < 10; i++) {
            assertThat(b.get("k" + i)).hasValue(bytes("v" + i));
        }
        assertThat(b.get("torn")).isEmpty();
        assertThat(Files.size(active)).as("only the writer cuts its torn tail, at its own restart").isEqualTo(size);
        // b's index of a's disks outlives b: reopened, it still finds them.
        b.close();
        open.remove(b);
        Vault again = node("node-b");
        assertThat(again.get("k7")).hasValue(bytes("v7"));
    }

    @Test
    void disksOutsideTheNodesFolderAreRefused() {
        assertThatThrownBy(() -> new VaultConfig(List.of(root.resolve("elsewhere/disk-0")), VaultConfig.Layout.MIRROR, 1, 0, false,
                "node-a", root)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(root.resolve("node-a").toString());
    }

    /**
     * Both nodes write, delete, compact and read each other's objects at once, over segment
     * roll-overs and compactions. Every read of an object its writer committed (and has not
     * deleted) returns its bytes; a deleted one is gone. Seed: -Dvault.seed.
     */
    @Test
    void twoNodesWritingAndReadingAtOnce() throws Exception {
        long seed = Long.getLong("vault.seed", System.nanoTime());
        System.out.println("SharedVaultTest seed " + seed + " (rerun with -Dvault.seed=" + seed + ")");
        Vault a = node("node-a");
        Vault b = node("node-b");
        Map<String, byte[]> committed = new ConcurrentHashMap<>();
        List<String> failures = new CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicLong compacted = new java.util.concurrent.atomic.AtomicLong();
        int perWriter = 300;
        ExecutorService pool = Executors.newFixedThreadPool(5);
        try {
            List<Future<?>> work = new ArrayList<>();
            Vault[] nodes = {a, b};
            for (int w = 0; w < 4; w++) {
                int writer = w;
                Vault mine = nodes[w % 2];
                Vault other = nodes[(w + 1) % 2];
                Random random = new Random(seed + w);
                work.add(pool.submit(() -> {
                    List<String> own = new ArrayList<>();
                    for (int i = 0; i < perWriter && failures.isEmpty(); i++) {
                        String key = "w" + writer + "-" + i;
                        byte[] data = new byte[1 + random.nextInt(2000)];
                        random.nextBytes(data);
                        try {
                            commit(mine, key, data, random.nextBoolean());
                            committed.put(key, data);
                            own.add(key);
                            byte[] read = other.get(key).orElse(null);
                            if (!java.util.Arrays.equals(read, data)) {
                                failures.add(key + " read through the other node: " + (read == null ? "missing" : read.length + " other bytes"));
                            }
                            if (i % 3 == 2) {
                                String gone = own.remove(random.nextInt(own.size()));
                                delete(mine, gone);
                                committed.remove(gone);
                                if (other.get(gone).isPresent()) {
                                    failures.add(gone + " was deleted by its node and still read through the other");
                                }
                            }
                        } catch (Exception | AssertionError e) {
                            failures.add(key + ": " + e);
                        }
                    }
                    return null;
                }));
            }
            Future<?> compactor = pool.submit(() -> {
                while (work.stream().anyMatch(f -> !f.isDone())) {
                    a.checkpoint();
                    compacted.addAndGet(a.compact().segmentsDeleted());
                    b.checkpoint();
                    compacted.addAndGet(b.compact().segmentsDeleted());
                }
                return null;
            });
            for (Future<?> f : work) {
                f.get(5, TimeUnit.MINUTES);
            }
            compactor.get(1, TimeUnit.MINUTES);
        } finally {
            pool.shutdownNow();
        }
        assertThat(failures).as("seed %d", seed).isEmpty();
        assertThat(compacted.get()).as("compactions deleted segments while the other node read them").isPositive();
        for (Map.Entry<String, byte[]> e : new TreeMap<>(committed).entrySet()) {
            assertThat(a.get(e.getKey())).as("%s through a", e.getKey()).hasValue(e.getValue());
            assertThat(b.get(e.getKey())).as("%s through b", e.getKey()).hasValue(e.getValue());
        }
        assertThat(segmentCount("node-a")).as("node a rolled its segments over").isGreaterThan(1);
    }

    private long segmentCount(String node) throws IOException {
        try (Stream<Path> s = Files.list(root.resolve(node).resolve("disk-0/segments"))) {
            return s.count();
        }
    }

    private static Map<Path, String> digests(Path dir) throws IOException {
        Map<Path, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                try {
                    out.put(dir.relativize(f), HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f))));
                } catch (java.security.NoSuchAlgorithmException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return out;
    }
}
