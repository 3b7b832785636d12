package io.steadfast.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The lines logged under a logger name while it is open. Outside the server jboss-logging hands
 * its lines to java.util.logging, already formatted, numbered id included.
 */
public final class LogLines extends Handler implements AutoCloseable {

    private final Logger logger;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private LogLines(String name) {
        this.logger = Logger.getLogger(name);
        logger.addHandler(this);
    }

    /** Starts collecting what is logged under {@code name} and the names below it. */
    public static LogLines of(String name) {
        return new LogLines(name);
    }

    /** The lines so far that start with {@code id} (such as {@code STEADFAST-GATEWAY-0001}). */
    public List<String> numbered(String id) {
        return lines.stream().filter(l -> l.startsWith(id)).toList();
    }

    public List<String> all() {
        return List.copyOf(lines);
    }

    public void clear() {
        lines.clear();
    }

    @Override
    public void publish(LogRecord r) {
        lines.add(r.getMessage());
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
