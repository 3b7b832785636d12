package io.steadfast.vault.engine;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Hooks in front of the engine's file operations, for fault-injection tests: a hook that throws
 * makes the operation fail exactly as a disk would (EIO, ENOSPC, a failed force). Production uses
 * {@link #NONE}.
 */
public interface IoFaults {

    IoFaults NONE = new IoFaults() {
    };

    default void beforeWrite(Path file) throws IOException {
    }

    default void beforeForce(Path file) throws IOException {
    }

    default void beforeRead(Path file) throws IOException {
    }

    /** Before a file is deleted (a compacted segment). */
    default void beforeDelete(Path file) throws IOException {
    }
}
