package io.steadfast.vault.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The files this JVM holds open, from Linux's /proc/self/fd: what a vault that was closed must not leave behind. */
public final class OpenFiles {

    private OpenFiles() {
    }

    /** The open files under {@code root}. */
    public static List<Path> under(Path root) throws IOException {
        Path real = root.toRealPath();
        List<Path> open = new ArrayList<>();
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    Path target = Files.readSymbolicLink(fd);
                    if (target.startsWith(real)) {
                        open.add(target);
                    }
                } catch (IOException e) {
                    // closed while listing: not open
                }
            }
        }
        return open;
    }
}
