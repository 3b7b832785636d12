package io.steadfast.bench;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.*;
import java.util.concurrent.atomic.AtomicLong;
import static java.nio.file.StandardOpenOption.*;

/**
 * What the disk does with concurrent forces, which decides how a group commit should batch:
 * N threads writing 4 KiB (positional write at a reserved offset) and forcing, all on one shared
 * file or each on its own, appending or overwriting a zero-filled (preallocated) file. About 30 s.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.steadfast.bench.ForceProbe [directory]
 * </pre>
 */
public final class ForceProbe {

    private ForceProbe() {
    }

    public static void main(String[] a) throws Exception {
        Path dir = Files.createTempDirectory(Path.of(a.length > 0 ? a[0] : "/tmp"), "probe");
        int[] threads = {1, 2, 4, 8, 16};
        int size = Integer.getInteger("size", 4096);
        for (boolean prealloc : new boolean[] {false, true}) {
            for (boolean shared : new boolean[] {true, false}) {
                for (int n : threads) {
                    if (!shared && n == 1) continue;
                    double r = run(dir, n, shared, prealloc, size, 1500);
                    System.out.printf("%-10s %-7s threads=%2d  %,8.0f forces/s%n", prealloc ? "prealloc" : "append", shared ? "1 file" : n + " files", n, r);
                }
            }
        }
        try (var w = Files.walk(dir)) { w.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete()); }
    }

    static double run(Path dir, int n, boolean shared, boolean prealloc, int size, long millis) throws Exception {
        FileChannel[] chs = new FileChannel[shared ? 1 : n];
        for (int i = 0; i < chs.length; i++) {
            Path f = dir.resolve("f" + i);
            Files.deleteIfExists(f);
            chs[i] = FileChannel.open(f, CREATE, READ, WRITE);
            if (prealloc) {
                ByteBuffer z = ByteBuffer.allocateDirect(1 << 20);
                for (int m = 0; m < 256; m++) { z.clear(); while (z.hasRemaining()) chs[i].write(z); }
                chs[i].force(true);
            }
        }
        AtomicLong offset = new AtomicLong();
        AtomicLong[] offs = new AtomicLong[n];
        for (int i = 0; i < n; i++) offs[i] = new AtomicLong();
        AtomicLong count = new AtomicLong();
        long end = System.nanoTime() + millis * 1_000_000L;
        Thread[] ts = new Thread[n];
        for (int t = 0; t < n; t++) {
            int id = t;
            ts[t] = new Thread(() -> {
                ByteBuffer b = ByteBuffer.allocateDirect(size);
                FileChannel ch = chs[shared ? 0 : id];
                AtomicLong off = shared ? offset : offs[id];
                try {
                    while (System.nanoTime() < end) {
                        long pos = off.getAndAdd(size) % (250L << 20);
                        b.clear();
                        while (b.hasRemaining()) pos += ch.write(b, pos);
                        ch.force(false);
                        count.incrementAndGet();
                    }
                } catch (Exception e) { throw new RuntimeException(e); }
            });
            ts[t].start();
        }
        for (Thread t : ts) t.join();
        for (FileChannel c : chs) c.close();
        return count.get() * 1000.0 / millis;
    }
}
