package io.steadfast.vault.engine;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * The child process of {@link CrashRecoveryTest}: writes to a vault under transactions until it
 * is killed, logging to a file what it decided and what returned. Lines:
 * {@code DECIDE <gtrid> <key>...} just before a two-phase commit, {@code DECIDE1 <key>} just
 * before a one-phase put, {@code COMMITTED <key>...} once the commit returned.
 */
public final class CrashWriter {

    private CrashWriter() {
    }

    static VaultConfig config(Path dir) {
        return new VaultConfig(List.of(dir.resolve("disk-0"), dir.resolve("disk-1"), dir.resolve("disk-2")),
                VaultConfig.Layout.PARITY, 2, 1, false, "crash");
    }

    /** The content of a key: deterministic, so the parent can check it. */
    static byte[] content(String key) {
        Random r = new Random(key.hashCode());
        byte[] b = new byte[100 + r.nextInt(3000)];
        r.nextBytes(b);
        return b;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int cycle = Integer.parseInt(args[1]);
        Random random = new Random(Long.parseLong(args[2]));
        // The log is a file, not stdout: what a killed process wrote to a file survives it, while
        // bytes still in a pipe may be lost with it. Each line is one write() call.
        // Small segments and frequent checkpoints, so kills also land in segment roll-over and in
        // the disk index's checkpoint (segments forced, MVStore commit and sync).
        try (Vault v = Vault.open(config(dir), IoFaults.NONE, Vault.DEFAULT_JOURNAL_LIMIT, 256 << 10);
             java.io.FileOutputStream log = new java.io.FileOutputStream(args[3], true)) {
            java.util.function.Consumer<String> out = line -> {
                try {
                    log.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            };
            out.accept("READY");
            for (int i = 0; ; i++) {
                if (random.nextInt(8) == 0) {
                    v.checkpoint();
                }
                if (random.nextInt(3) == 0) {
                    String key = "c" + cycle + "-" + i;
                    out.accept("DECIDE1 " + key);
                    v.put(key, content(key));
                    out.accept("COMMITTED " + key);
                } else {
                    TxId tx = new TxId(7, ("c" + cycle + "-" + i).getBytes(StandardCharsets.US_ASCII), new byte[] {1});
                    int n = 1 + random.nextInt(3);
                    StringBuilder keys = new StringBuilder();
                    for (int j = 0; j < n; j++) {
                        String key = "c" + cycle + "-" + i + "-" + j;
                        v.stage(tx, key, content(key));
                        keys.append(' ').append(key);
                    }
                    v.prepare(tx);
                    out.accept("DECIDE c" + cycle + "-" + i + keys);
                    v.commit(tx, false);
                    out.accept("COMMITTED" + keys);
                }
            }
        }
    }
}
