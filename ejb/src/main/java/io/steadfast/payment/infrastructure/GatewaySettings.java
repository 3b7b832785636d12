package io.steadfast.payment.infrastructure;

import io.steadfast.configuration.Settings;

import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * Which card acquirer answers, read through {@link Settings}:
 *
 * <ul>
 *   <li>{@value #GATEWAY} ({@value SimulatedAcquirer#NAME}): the acquirer's name;</li>
 *   <li>{@value #SIMULATED_FILE}: the simulated acquirer's memory of its answers, by default
 *       {@code simulated-acquirer/answers.log} in the server's data directory.</li>
 * </ul>
 *
 * @param gateway       the acquirer's name
 * @param simulatedFile the simulated acquirer's memory file
 */
public record GatewaySettings(String gateway, Path simulatedFile) {

    public static final String GATEWAY = "steadfast.gateway";
    public static final String SIMULATED_FILE = "steadfast.gateway.simulated.file";

    /** The settings now. */
    public static GatewaySettings current() {
        return from(Settings.current());
    }

    static GatewaySettings from(UnaryOperator<String> settings) {
        return new GatewaySettings(Settings.text(settings, GATEWAY, SimulatedAcquirer.NAME),
                Path.of(Settings.text(settings, SIMULATED_FILE,
                        Settings.serverDataDir(settings).resolve("simulated-acquirer").resolve("answers.log").toString())));
    }
}
