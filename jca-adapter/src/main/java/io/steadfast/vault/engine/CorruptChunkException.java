package io.steadfast.vault.engine;

import java.io.IOException;

/** A chunk failed verification: bad magic, wrong identity, short, or a CRC32C mismatch. */
public final class CorruptChunkException extends IOException {

    private static final long serialVersionUID = 1L;

    public CorruptChunkException(String message) {
        super(message);
    }
}
