package io.steadfast.web.input;

import io.steadfast.web.problem.ProblemException;

/**
 * The one rule for the characters a client's text may hold, and the one way a client's value is
 * echoed into a problem detail.
 *
 * <p>A text field refuses characters that change how the text is shown or split rather than what
 * it says: C0 and C1 controls (CR, LF, TAB, U+0000-U+001F, U+007F-U+009F), the line and paragraph
 * separators U+2028 and U+2029, bidirectional formatting (U+202A-U+202E embeddings and overrides,
 * U+2066-U+2069 isolates, the marks U+200E, U+200F and U+061C), zero-width characters (U+200B-U+200D,
 * U+2060, U+FEFF) and lone surrogates (half a UTF-16 pair, which no encoding can store). Every
 * other character, letters of any script included, is allowed. A refusal names the field and the
 * code point, never the value.
 */
public final class Text {

    /** How much of a client's value a detail echoes at most. */
    static final int MAX_ECHO = 64;

    private Text() {
    }

    /** Why {@code codePoint} may not appear in a text field, or null when it may. */
    static String forbidden(int codePoint) {
        if (codePoint <= 0x1F || codePoint >= 0x7F && codePoint <= 0x9F) {
            return "control character";
        }
        if (codePoint == 0x2028 || codePoint == 0x2029) {
            return "line or paragraph separator";
        }
        if (codePoint >= 0x202A && codePoint <= 0x202E || codePoint >= 0x2066 && codePoint <= 0x2069
                || codePoint == 0x200E || codePoint == 0x200F || codePoint == 0x061C) {
            return "bidirectional control character";
        }
        if (codePoint >= 0x200B && codePoint <= 0x200D || codePoint == 0x2060 || codePoint == 0xFEFF) {
            return "zero-width character";
        }
        if (codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE) {
            // String.codePointAt returns a surrogate only when it is not half of a valid pair.
            return "lone surrogate";
        }
        return null;
    }

    /** What is wrong with {@code value} as text ("a control character (U+000D) at character 2"), or null when nothing is. */
    public static String problem(String value) {
        for (int i = 0, n = 1; i < value.length(); n++) {
            int cp = value.codePointAt(i);
            String kind = forbidden(cp);
            if (kind != null) {
                return "a " + kind + " (" + codePoint(cp) + ") at character " + n;
            }
            i += Character.charCount(cp);
        }
        return null;
    }

    /** {@code value} unchanged, or a 400 problem naming {@code field} and the first character it may not hold. Null passes. */
    public static String require(String field, String value) {
        String problem = value == null ? null : problem(value);
        if (problem != null) {
            throw ProblemException.badRequest(field + ": must not contain " + problem
                    + " (control, bidirectional, zero-width and lone surrogate characters are refused).");
        }
        return value;
    }

    /**
     * 400 unless the header {@code name}'s {@code value} is printable ASCII (U+0020-U+007E): the
     * rule for a header that is echoed, stored and compared byte for byte. Null passes (the caller
     * says whether the header is required).
     */
    public static void requireHeader(String name, String value) {
        if (value == null) {
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                throw ProblemException.badRequest("The " + name + " header must be printable ASCII; it has " + codePoint(c)
                        + " at character " + (i + 1) + ".");
            }
        }
    }

    /** {@code U+202E}. */
    public static String codePoint(int codePoint) {
        return String.format("U+%04X", codePoint);
    }

    /**
     * {@code s} with every character outside printable ASCII written as a {@code \\uXXXX} escape
     * (UTF-16 units, so a pair stays a pair and a lone surrogate shows as what it is). What a detail
     * holds of a client's value, so that it can inject no line break, bidi override or markup-less
     * trickery into a log or a developer's screen.
     */
    public static String escape(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c <= 0x7E) {
                if (b != null) {
                    b.append(c);
                }
                continue;
            }
            if (b == null) {
                b = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            b.append(String.format("\\u%04X", (int) c));
        }
        return b == null ? s : b.toString();
    }

    /** A client's value for a detail: at most {@value #MAX_ECHO} characters, escaped, in single quotes. */
    public static String quote(String s) {
        if (s == null) {
            return "null";
        }
        if (s.length() > MAX_ECHO) {
            int cut = Character.isHighSurrogate(s.charAt(MAX_ECHO - 1)) ? MAX_ECHO - 1 : MAX_ECHO;
            return "'" + escape(s.substring(0, cut)) + "'...";
        }
        return "'" + escape(s) + "'";
    }
}
