package io.steadfast.vault.engine;

import io.steadfast.vault.api.VaultException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** One chunk per object in one directory: the simplest layout, with no redundancy. */
final class DirectoryStore implements ObjectStore {

    private final Path objects;

    DirectoryStore(Path disk) throws IOException {
        this.objects = disk.resolve("objects");
        Files.createDirectories(objects);
        DurableFiles.removeTemporaries(objects);
    }

    @Override
    public void write(String key, long generation, byte[] data) throws IOException {
        Path file = objects.resolve(key);
        if (Files.exists(file)) {
            Optional<byte[]> existing = read(key);
            if (existing.isPresent() && java.util.Arrays.equals(existing.get(), data)) {
                return;
            }
        }
        DurableFiles.writeAtomically(file, ChunkCodec.encode(key, 0, 1, generation, data.length, data));
    }

    @Override
    public Optional<byte[]> read(String key) throws IOException {
        byte[] raw;
        try {
            raw = Files.readAllBytes(objects.resolve(key));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        try {
            return Optional.of(ChunkCodec.decode(raw, key, 0).payload());
        } catch (CorruptChunkException e) {
            throw new VaultException(VaultException.Reason.UNRECOVERABLE,
                    "object " + key + " is damaged and this layout has no redundancy: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean exists(String key) {
        return Files.exists(objects.resolve(key));
    }

    @Override
    public void delete(String key) throws IOException {
        DurableFiles.deleteDurably(objects.resolve(key));
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        try (var files = Files.list(objects)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(prefix) && !n.endsWith(DurableFiles.TEMP_SUFFIX))
                    .sorted()
                    .toList();
        }
    }

    @Override
    public void close() {
        // nothing held open
    }
}
