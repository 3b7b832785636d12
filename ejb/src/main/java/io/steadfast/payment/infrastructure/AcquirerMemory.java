package io.steadfast.payment.infrastructure;

import io.steadfast.payment.domain.PaymentGateway.Answer;
import io.steadfast.payment.domain.PaymentGateway.Outcome;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32C;

/**
 * What the simulated acquirer answered, by payment id, kept in an append-only file so that it
 * outlives the server the way a real acquirer's records do. One line per answer:
 * {@code <payment id> TAB <outcome> TAB <reason> TAB <reference> TAB <CRC32C of the rest, hex>};
 * an empty field is null. Never a card number. Each line is forced to disk before
 * {@link #remember} returns, so an answer that left the acquirer is remembered after a crash.
 *
 * <p>Opening reads the file back. A crash can leave the last line torn (cut short, or with a bad
 * check sum): everything after the last whole line is cut off, so the next line starts clean. A
 * damaged line followed by good ones (damage on disk) is skipped and counted.
 */
final class AcquirerMemory implements Closeable {

    private static final char SEPARATOR = '\t';

    private final Path file;
    private final FileChannel channel;
    private final Map<String, Answer> answers;
    private final Load load;
    private final Object appendLock = new Object();
    private long end;

    /** What opening found: answers read, damaged lines skipped, bytes of torn tail cut off. */
    record Load(int answers, int damagedLines, long tornBytes) {
    }

    private AcquirerMemory(Path file, FileChannel channel, Map<String, Answer> answers, Load load, long end) {
        this.file = file;
        this.channel = channel;
        this.answers = answers;
        this.load = load;
        this.end = end;
    }

    /** Opens (creating it and its folder when missing) and reads the file. */
    static AcquirerMemory open(Path file) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            try {
                byte[] bytes = readAll(channel);
                Map<String, Answer> answers = new ConcurrentHashMap<>();
                int pos = 0;
                int goodEnd = 0;
                int damaged = 0;
                int damagedSinceGood = 0;
                while (pos < bytes.length) {
                    int newline = indexOf(bytes, (byte) '\n', pos);
                    if (newline < 0) {
                        break; // a torn last line: no end of line
                    }
                    String[] record = parse(new String(bytes, pos, newline - pos, StandardCharsets.UTF_8));
                    if (record == null) {
                        damagedSinceGood++;
                    } else {
                        answers.put(record[0], answerOf(record));
                        damaged += damagedSinceGood;
                        damagedSinceGood = 0;
                        goodEnd = newline + 1;
                    }
                    pos = newline + 1;
                }
                long torn = bytes.length - goodEnd;
                if (torn > 0) {
                    channel.truncate(goodEnd);
                    channel.force(true);
                }
                return new AcquirerMemory(file, channel, answers, new Load(answers.size(), damaged, torn), goodEnd);
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the simulated acquirer's memory " + file, e);
        }
    }

    /** Appends the answer for {@code paymentId} and forces it to disk. */
    void remember(String paymentId, Answer answer) {
        byte[] line = encode(paymentId, answer);
        try {
            synchronized (appendLock) {
                ByteBuffer buffer = ByteBuffer.wrap(line);
                while (buffer.hasRemaining()) {
                    end += channel.write(buffer, end);
                }
            }
            // Outside the lock: a force covers every line written before it, so concurrent
            // callers share forces instead of queueing behind each other's.
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to the simulated acquirer's memory " + file, e);
        }
        answers.put(paymentId, answer);
    }

    /** The answer given for {@code paymentId}, if any. */
    Optional<Answer> recall(String paymentId) {
        return Optional.ofNullable(answers.get(paymentId));
    }

    /**
     * The answer for {@code paymentId} in another node's memory file, read as it is now and never
     * changed: only whole, checked lines count (a line its writer is still appending is not one
     * yet), the last for the id wins. Empty when the file has none, or cannot be read.
     */
    static Optional<Answer> recallFrom(Path other, String paymentId) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(other);
        } catch (IOException e) {
            return Optional.empty();
        }
        Answer found = null;
        int pos = 0;
        while (pos < bytes.length) {
            int newline = indexOf(bytes, (byte) '\n', pos);
            if (newline < 0) {
                break;
            }
            String[] record = parse(new String(bytes, pos, newline - pos, StandardCharsets.UTF_8));
            if (record != null && record[0].equals(paymentId)) {
                found = answerOf(record);
            }
            pos = newline + 1;
        }
        return Optional.ofNullable(found);
    }

    Load load() {
        return load;
    }

    Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    static byte[] encode(String paymentId, Answer answer) {
        String body = field(paymentId) + SEPARATOR + answer.outcome().name() + SEPARATOR + field(answer.reason()) + SEPARATOR
                + field(answer.reference());
        return (body + SEPARATOR + crc(body) + '\n').getBytes(StandardCharsets.UTF_8);
    }

    /** The fields of a whole, checked line, or null when it is damaged. */
    private static String[] parse(String line) {
        int last = line.lastIndexOf(SEPARATOR);
        if (last < 0 || !line.substring(last + 1).equals(crc(line.substring(0, last)))) {
            return null;
        }
        String[] fields = line.substring(0, last).split(String.valueOf(SEPARATOR), -1);
        if (fields.length != 4 || fields[0].isEmpty()) {
            return null;
        }
        try {
            Outcome.valueOf(fields[1]);
        } catch (IllegalArgumentException e) {
            return null;
        }
        return fields;
    }

    private static String field(String value) {
        if (value == null) {
            return "";
        }
        if (value.indexOf(SEPARATOR) >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("an acquirer's field may not contain a tab or a line break");
        }
        return value;
    }

    /** The answer a whole, checked line's fields ({@link #parse}) hold. */
    private static Answer answerOf(String[] record) {
        return new Answer(Outcome.valueOf(record[1]), emptyToNull(record[2]), emptyToNull(record[3]));
    }

    private static String emptyToNull(String value) {
        return value.isEmpty() ? null : value;
    }

    private static String crc(String body) {
        CRC32C crc = new CRC32C();
        crc.update(body.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().toHexDigits((int) crc.getValue());
    }

    private static byte[] readAll(FileChannel channel) throws IOException {
        long size = channel.size();
        if (size > Integer.MAX_VALUE - 8) {
            throw new IOException("the simulated acquirer's memory is too large to read (" + size + " bytes)");
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) size);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, buffer.position()) < 0) {
                break;
            }
        }
        return java.util.Arrays.copyOf(buffer.array(), buffer.position());
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
