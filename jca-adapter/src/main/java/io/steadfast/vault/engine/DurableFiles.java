package io.steadfast.vault.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Crash-safe file writes: write a temporary file, force it, rename it into place, force the folder. */
final class DurableFiles {

    static final String TEMP_SUFFIX = ".tmp";

    private DurableFiles() {
    }

    static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path dir = target.getParent();
        Path tmp = dir.resolve(target.getFileName() + "." + Thread.currentThread().getId() + TEMP_SUFFIX);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        forceDirectory(dir);
    }

    static void deleteDurably(Path file) throws IOException {
        if (Files.deleteIfExists(file)) {
            forceDirectory(file.getParent());
        }
    }

    /** Makes a rename or delete in {@code dir} durable. */
    static void forceDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some file systems refuse to open a directory for force; the rename is still ordered
            // after the file's own force, which is what recovery relies on.
            if (!Files.isDirectory(dir)) {
                throw e;
            }
        }
    }

    /** Removes temporary files left by a crash in the middle of {@link #writeAtomically}. */
    static void removeTemporaries(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (p.getFileName().toString().endsWith(TEMP_SUFFIX)) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
