package io.steadfast.web;

import io.steadfast.configuration.Settings;

import java.util.function.UnaryOperator;

/**
 * The HTTP API's settings, read through {@link Settings}:
 *
 * <ul>
 *   <li>{@value #MAX_BODY_BYTES} (65536): the largest request body under {@code /api}, from 1 byte
 *       to 64 MiB;</li>
 *   <li>{@value #BASELINES} ({@code false}): whether the benchmark's baselines answer under
 *       {@code /api/v1/baselines}.</li>
 * </ul>
 *
 * @param maxBodyBytes     the largest request body
 * @param baselinesEnabled whether the baselines answer
 */
public record ApiSettings(long maxBodyBytes, boolean baselinesEnabled) {

    public static final String MAX_BODY_BYTES = "steadfast.api.max-body-bytes";
    public static final String BASELINES = "steadfast.baselines.enabled";
    static final long DEFAULT_MAX_BODY_BYTES = 64 * 1024;

    /** The settings now. */
    public static ApiSettings current() {
        return from(Settings.current());
    }

    /** @throws IllegalArgumentException naming a setting that cannot be parsed */
    static ApiSettings from(UnaryOperator<String> settings) {
        return new ApiSettings(Settings.wholeNumber(settings, MAX_BODY_BYTES, DEFAULT_MAX_BODY_BYTES, 1, 64L << 20),
                Settings.flag(settings, BASELINES, false));
    }
}
