package io.steadfast.diagnostics;

/** What a log line names when something failed: the innermost cause, where the reason usually is. */
public final class Causes {

    private Causes() {
    }

    /** The innermost cause of {@code e}, or {@code e} itself; stops at a cause that is its own cause. */
    public static Throwable root(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause != cause.getCause()) {
            cause = cause.getCause();
        }
        return cause;
    }
}
