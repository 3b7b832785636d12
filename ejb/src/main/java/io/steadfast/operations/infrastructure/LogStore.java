package io.steadfast.operations.infrastructure;

import javax.management.AttributeNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Narayana's log store, as WildFly's management model shows it ({@code /subsystem=transactions/
 * log-store=log-store}), reached through the platform MBean server like the readiness checks do.
 * Every read starts with a {@code probe}, so what it lists is the log store now, not a snapshot
 * from some earlier probe. WildFly names a resource in JMX with the characters that an ObjectName
 * reserves written as {@code %xx}, which {@link #decode} undoes.
 */
public final class LogStore {

    static final String LOG_STORE = "jboss.as:subsystem=transactions,log-store=log-store";

    /** A transaction in the log store, with its participants. */
    public record Transaction(String id, ObjectName name, long ageSeconds, String type, List<Participant> participants) {
    }

    /** A participant of a logged transaction, with the status Narayana records for it. */
    public record Participant(String id, ObjectName name, String jndiName, String product, String status) {
    }

    private final MBeanServer server;

    public LogStore() {
        this(ManagementFactory.getPlatformMBeanServer());
    }

    LogStore(MBeanServer server) {
        this.server = server;
    }

    /** Probes the log store and lists its transactions, oldest first. */
    public List<Transaction> probe() throws JMException {
        server.invoke(new ObjectName(LOG_STORE), "probe", new Object[0], new String[0]);
        List<Transaction> found = new ArrayList<>();
        for (ObjectName tx : server.queryNames(new ObjectName(LOG_STORE + ",transactions=*"), null)) {
            if (tx.getKeyProperty("participants") != null) {
                continue;
            }
            List<Participant> participants = new ArrayList<>();
            for (ObjectName p : server.queryNames(new ObjectName(tx.getCanonicalName() + ",participants=*"), null)) {
                participants.add(new Participant(decode(p.getKeyProperty("participants")), p, string(p, "jndiName"),
                        join(string(p, "eisProductName"), string(p, "eisProductVersion")), string(p, "status")));
            }
            participants.sort(Comparator.comparing(Participant::id));
            String id = Optional.ofNullable(string(tx, "id")).orElse(decode(tx.getKeyProperty("transactions")));
            Object age = attribute(tx, "ageInSeconds");
            found.add(new Transaction(id, tx, age instanceof Number n ? n.longValue() : 0, string(tx, "type"), List.copyOf(participants)));
        }
        found.sort(Comparator.comparingLong(Transaction::ageSeconds).reversed());
        return found;
    }

    /** The transaction {@code id} in a fresh probe, if the log store still has it. */
    public Optional<Transaction> find(String id) throws JMException {
        return probe().stream().filter(t -> t.id().equals(id)).findFirst();
    }

    /**
     * Asks Narayana to replay the commit of a participant in a heuristic state (it becomes
     * PREPARED and the next recovery pass commits it).
     */
    public void recover(Participant participant) throws JMException {
        server.invoke(participant.name(), "recover", new Object[0], new String[0]);
    }

    /**
     * Removes a participant from its transaction's log record; for an XA participant in a
     * heuristic state Narayana first calls {@code forget} on the resource, and fails if that fails.
     */
    public void delete(Participant participant) throws JMException {
        server.invoke(participant.name(), "delete", new Object[0], new String[0]);
    }

    private String string(ObjectName name, String attribute) throws JMException {
        Object v = attribute(name, attribute);
        return v == null ? null : v.toString();
    }

    private Object attribute(ObjectName name, String attribute) throws JMException {
        try {
            return server.getAttribute(name, attribute);
        } catch (AttributeNotFoundException e) {
            return null;
        }
    }

    private static String join(String name, String version) {
        if (name == null) {
            return version;
        }
        return version == null ? name : name + " " + version;
    }

    /** Undoes WildFly's {@code %xx} escaping of an ObjectName value (and ObjectName's own quoting). */
    static String decode(String value) {
        if (value == null) {
            return null;
        }
        String v = value.startsWith("\"") ? ObjectName.unquote(value) : value;
        ByteArrayOutputStream out = new ByteArrayOutputStream(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '%' && i + 2 < v.length() && isHex(v.charAt(i + 1)) && isHex(v.charAt(i + 2))) {
                out.write(Integer.parseInt(v.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }
}
