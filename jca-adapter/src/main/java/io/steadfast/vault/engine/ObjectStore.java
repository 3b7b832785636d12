package io.steadfast.vault.engine;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** Where committed objects live: a layout over one or more disks. Not transactional by itself. */
interface ObjectStore extends AutoCloseable {

    /** Writes a committed object durably. Writing the same bytes again is a no-op (recovery repeats commits). */
    void write(String key, long generation, byte[] data) throws IOException;

    /** Reads and verifies an object; empty if it does not exist. */
    Optional<byte[]> read(String key) throws IOException;

    boolean exists(String key) throws IOException;

    void delete(String key) throws IOException;

    List<String> list(String prefix) throws IOException;

    @Override
    void close() throws IOException;
}
