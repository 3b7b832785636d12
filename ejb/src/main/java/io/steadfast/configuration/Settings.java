package io.steadfast.configuration;

import io.steadfast.vault.outbound.VaultManagedConnectionFactory;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * Where every capability's typed settings class reads its values, and the strict parsing they
 * share. The source is MicroProfile Config, which the server has: a system property (the server's
 * property file, {@code -P}) wins over an environment variable ({@code STEADFAST_JANITOR_MAX_ATTEMPTS}
 * for {@code steadfast.janitor.max-attempts}), which wins over a deployment's
 * {@code microprofile-config.properties}.
 * Values are read when asked for, so a system property changed on a running server counts from its
 * next read. A value that cannot be parsed is refused with the setting's name, never replaced by
 * its default.
 */
public final class Settings {

    /** This node's name: the transaction manager's node identifier and the owner of its vault journal. */
    public static final String NODE_ID = "steadfast.node.id";

    private Settings() {
    }

    /** The settings as MicroProfile Config has them now: a setting's value, or null when nothing sets it (or sets it empty). */
    public static UnaryOperator<String> current() {
        Config config = ConfigProvider.getConfig(Settings.class.getClassLoader());
        return name -> config.getOptionalValue(name, String.class).orElse(null);
    }

    /**
     * This node's name ({@value #NODE_ID}) as the transaction manager and the vault know it. It is
     * the server's configuration, not the application's: the CLI scripts resolve it from the system
     * property alone ({@code ${steadfast.node.id:...}}), so this reads the system property too, not
     * MicroProfile Config, whose environment variables could give the application another name
     * than the transaction manager's. Its default is the vault connection factory's, which the
     * scripts repeat (a test checks them).
     */
    public static String nodeId() {
        return nodeId(System::getProperty);
    }

    /** As written, not trimmed: the scripts' expression takes the value as it is, and the two names must be equal. */
    static String nodeId(UnaryOperator<String> systemProperties) {
        String value = systemProperties.apply(NODE_ID);
        return value == null ? VaultManagedConnectionFactory.DEFAULT_NODE_ID : value;
    }

    /** The server's data directory, under which the stores' default paths lie (the JVM's temporary directory outside a server). */
    public static Path serverDataDir(UnaryOperator<String> settings) {
        return Path.of(text(settings, "jboss.server.data.dir", System.getProperty("java.io.tmpdir")));
    }

    /** The setting's value trimmed, or {@code fallback} when it is not set or blank. */
    public static String text(UnaryOperator<String> settings, String name, String fallback) {
        String value = settings.apply(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    /**
     * The setting as a whole number from {@code min} to {@code max}, or {@code fallback} when it is not set.
     *
     * @throws IllegalArgumentException naming the setting, its value and the range
     */
    public static long wholeNumber(UnaryOperator<String> settings, String name, long fallback, long min, long max) {
        String value = settings.apply(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            long n = Long.parseLong(value.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below, with the setting's name
        }
        throw new IllegalArgumentException(name + " must be a whole number from " + min + " to " + max + ", not '" + value + "'");
    }

    /**
     * The setting as {@code true} or {@code false} (any case), or {@code fallback} when it is not set.
     *
     * @throws IllegalArgumentException naming the setting and its value
     */
    public static boolean flag(UnaryOperator<String> settings, String name, boolean fallback) {
        String value = settings.apply(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(name + " must be true or false, not '" + value + "'");
        };
    }
}
