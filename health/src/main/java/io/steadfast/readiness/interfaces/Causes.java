package io.steadfast.readiness.interfaces;

/** The innermost cause's class and message: a JMX failure wraps the one that says what happened. */
final class Causes {

    private Causes() {
    }

    static String describe(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage());
    }
}
