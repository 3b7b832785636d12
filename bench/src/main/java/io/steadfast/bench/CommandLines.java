package io.steadfast.bench;

import picocli.CommandLine;

/**
 * Parses a tool's options with picocli into its annotated spec object. A mistake becomes an
 * {@link IllegalArgumentException} with picocli's message (which names the option and the value),
 * for the tool to print with its usage exit status; {@code --help} prints the usage and exits.
 */
public final class CommandLines {

    private CommandLines() {
    }

    public static <T> T parse(T spec, String[] args) {
        CommandLine line = new CommandLine(spec).setCaseInsensitiveEnumValuesAllowed(true);
        try {
            line.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage() + " (--help lists the options)");
        }
        if (line.isUsageHelpRequested()) {
            line.usage(System.out);
            System.exit(0);
        }
        return spec;
    }

    /** A whole number of at least 1, or a parameter error naming the option. */
    public static int atLeast(int min, int value, String option) {
        if (value < min) {
            throw new IllegalArgumentException(option + " takes a whole number of at least " + min + ", not " + value);
        }
        return value;
    }
}
