package io.steadfast.integrity.domain;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A stable byte encoding of a row's protected fields, in a fixed order: strings as a 4-byte
 * length and UTF-8 bytes ({@code -1} for null), numbers as 8 big-endian bytes. The codes are
 * computed over these bytes, so they do not depend on how a database renders a value.
 */
public final class CanonicalEncoder {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(128);

    public CanonicalEncoder(String type) {
        string(type);
    }

    public CanonicalEncoder string(String s) {
        if (s == null) {
            out.writeBytes(ByteBuffer.allocate(4).putInt(-1).array());
        } else {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            out.writeBytes(ByteBuffer.allocate(4).putInt(b.length).array());
            out.writeBytes(b);
        }
        return this;
    }

    public CanonicalEncoder number(long n) {
        out.writeBytes(ByteBuffer.allocate(8).putLong(n).array());
        return this;
    }

    public byte[] bytes() {
        return out.toByteArray();
    }
}
