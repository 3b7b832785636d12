package io.steadfast.vault.api;

/**
 * A vault operation failed. {@link #reason()} says how, for callers that react to the kind of
 * failure (a conflicting write is the caller's problem; an unrecoverable object is the operator's).
 */
public class VaultException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Reason {
        /** The key is already committed; objects are write-once. */
        KEY_EXISTS,
        /** Another transaction is writing the same key. */
        CONFLICT,
        /** The object's chunks are damaged beyond what the layout can rebuild. */
        UNRECOVERABLE,
        /** Too many disks are missing for the layout to accept the operation. */
        UNAVAILABLE,
        /** The disk failed (I/O error, full, failed force). */
        IO,
        /** A write was attempted outside a usable transaction branch. */
        TRANSACTION
    }

    private final Reason reason;

    public VaultException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public VaultException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
