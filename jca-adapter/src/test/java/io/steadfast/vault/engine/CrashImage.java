package io.steadfast.vault.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** What a crash of the process (not of the machine) leaves: a copy of every file under a vault's root, taken while it is open. */
final class CrashImage {

    private CrashImage() {
    }

    /** Copies {@code root} to a sibling named after it and {@code name}, and returns the copy. */
    static Path of(Path root, String name) throws IOException {
        Path image = root.resolveSibling(root.getFileName() + "-" + name);
        try (var walk = Files.walk(root)) {
            for (Path p : walk.toList()) {
                Path target = image.resolve(root.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return image;
    }
}
