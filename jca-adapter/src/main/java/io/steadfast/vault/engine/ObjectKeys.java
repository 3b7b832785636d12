package io.steadfast.vault.engine;

/** Validates object keys. A key is also a file name on every disk, so the rules are strict. */
public final class ObjectKeys {

    /** The longest key accepted, in characters (all of them ASCII). */
    public static final int MAX_LENGTH = 200;

    private ObjectKeys() {
    }

    /**
     * Returns the key if it is valid, or throws {@link IllegalArgumentException} saying what is
     * wrong with it.
     */
    public static String requireValid(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("object key is empty");
        }
        if (key.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(
                    "object key is " + key.length() + " characters long; the limit is " + MAX_LENGTH);
        }
        if (key.equals(".") || key.equals("..") || key.contains("..")) {
            throw new IllegalArgumentException("object key must not contain '..'");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '/' || c == '\\') {
                throw new IllegalArgumentException("object key must not contain a path separator (at index " + i + ")");
            }
            if (c < 0x20 || c == 0x7f) {
                throw new IllegalArgumentException("object key must not contain control characters (at index " + i + ")");
            }
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-' || c == ':' || c == '@' || c == '=' || c == '+';
            if (!allowed) {
                throw new IllegalArgumentException("object key contains '" + c + "' at index " + i
                        + "; allowed are A-Z a-z 0-9 . _ - : @ = +");
            }
        }
        if (key.startsWith(".")) {
            throw new IllegalArgumentException("object key must not start with '.'");
        }
        return key;
    }
}
