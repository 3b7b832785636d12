package io.steadfast.bench.e2e;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** The machine a run was measured on, with the disk's force rate measured here, not looked up. */
final class Machine {

    private Machine() {
    }

    static String describe(Path dataDir) throws IOException {
        StringBuilder s = new StringBuilder();
        s.append("- CPU: ").append(Runtime.getRuntime().availableProcessors()).append(" cores");
        cpuModel().ifPresent(m -> s.append(" (").append(m).append(")"));
        s.append("\n- Memory: ").append(memTotalGiB()).append("\n");
        s.append("- Java ").append(System.getProperty("java.version")).append(" (").append(System.getProperty("java.vm.name")).append("), ")
                .append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version")).append("\n");
        s.append("- Disk under the server's data folder: ").append(mount(dataDir)).append("\n");
        return s.toString();
    }

    private static java.util.Optional<String> cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst();
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    private static String memTotalGiB() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (l.startsWith("MemTotal:")) {
                    long kb = Long.parseLong(l.replaceAll("\\D", ""));
                    return String.format(Locale.ROOT, "%.1f GiB", kb / 1024.0 / 1024.0);
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return "unknown";
    }

    /** The mount that holds {@code dir}: device, file system and mount point (from /proc/self/mounts). */
    static String mount(Path dir) {
        try {
            String path = dir.toRealPath().toString();
            String best = null;
            int bestLength = -1;
            for (String line : Files.readAllLines(Path.of("/proc/self/mounts"))) {
                String[] f = line.split(" ");
                if (f.length > 2 && (path.equals(f[1]) || path.startsWith(f[1].endsWith("/") ? f[1] : f[1] + "/")) && f[1].length() > bestLength) {
                    best = f[2] + " on " + f[0] + " mounted at " + f[1];
                    bestLength = f[1].length();
                }
            }
            return best == null ? "unknown" : best;
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    /**
     * Forces per second of one writer: overwrite 4 KiB, {@code force(false)}, for {@code seconds}
     * in {@code dir} (the same disk as the server's transaction logs and vault).
     */
    static double forceRate(Path dir, double seconds) throws IOException {
        Path file = Files.createTempFile(dir, "fsync-probe", ".bin");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ByteBuffer block = ByteBuffer.allocate(4096);
            long end = System.nanoTime() + (long) (seconds * TimeUnit.SECONDS.toNanos(1));
            long start = System.nanoTime();
            long forces = 0;
            while (System.nanoTime() < end) {
                block.clear();
                block.putLong(0, forces);
                ch.write(block, 0);
                ch.force(false);
                forces++;
            }
            return forces / ((System.nanoTime() - start) / 1e9);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Busy and total jiffies of all CPUs (the first line of /proc/stat). */
    static long[] cpuJiffies() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("/proc/stat"));
        String[] f = lines.get(0).trim().split("\\s+");
        long total = 0;
        for (int i = 1; i < f.length; i++) {
            total += Long.parseLong(f[i]);
        }
        long idle = Long.parseLong(f[4]) + (f.length > 5 ? Long.parseLong(f[5]) : 0);
        return new long[] {total - idle, total};
    }
}
