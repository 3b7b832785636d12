package io.steadfast.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The JDK's {@code jcmd} against a JVM (this one, or a server), for the tools' flight recordings and class histograms. */
public final class Jcmd {

    private Jcmd() {
    }

    /** Runs {@code jcmd <pid> <command...>} and returns its output, or fails with it. */
    public static String run(long pid, String... command) throws IOException, InterruptedException {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        List<String> cmd = new ArrayList<>(List.of(jcmd, Long.toString(pid)));
        cmd.addAll(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        // Judge by the exit status and the head of the output only: a class histogram is full of
        // class names such as ...Exception.
        String head = out.length() > 300 ? out.substring(0, 300) : out;
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0 || head.contains("Could not") || head.contains("Exception in")) {
            throw new IllegalStateException("jcmd " + String.join(" ", command) + " failed: " + out);
        }
        return out;
    }
}
