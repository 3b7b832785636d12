package io.steadfast.security.infrastructure;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * What the key stores share: the password property and its numbered failures, and writing a
 * store so that only the server's user can read it and a crash never leaves half of one.
 */
public final class KeyStoreFiles {

    /** The system property holding the password of both key stores. */
    public static final String PASSWORD_PROPERTY = "steadfast.keystore.password";

    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private KeyStoreFiles() {
    }

    /**
     * The password, or a numbered exception (STEADFAST-INTEGRITY-0006) saying which property to set
     * and where, when it is missing or blank.
     */
    public static char[] requirePassword(String password, Path... stores) {
        if (password == null || password.isBlank()) {
            throw KeyStoreLogger.LOG.keyStorePasswordMissing(PASSWORD_PROPERTY, java.util.Arrays.toString(stores), PASSWORD_PROPERTY);
        }
        return password.toCharArray();
    }

    /** A numbered exception (STEADFAST-INTEGRITY-0007): {@code store} could not be opened or created. */
    public static IllegalStateException cannotOpen(Path store, Exception cause) {
        return KeyStoreLogger.LOG.keyStoreUnreadable(store.toString(), String.valueOf(cause.getMessage()), PASSWORD_PROPERTY, cause);
    }

    /** Logs why the deployment stops (STEADFAST-INTEGRITY-0008). */
    public static void logDeploymentStopped(RuntimeException why) {
        KeyStoreLogger.LOG.deploymentStopped(String.valueOf(why.getMessage()));
    }

    /**
     * Writes {@code content} to {@code target} readable by the owner only (0600 where the file
     * system has POSIX permissions), atomically: into a temporary file of the same directory,
     * created with those permissions, forced to disk, then renamed over the target. A crash leaves
     * the old file or the new one, never part of one (a half-written key store would make every
     * encrypted card number unreadable).
     */
    public static void writePrivately(Path target, byte[] content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp", ownerOnly(OWNER_ONLY));
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            forceDirectory(dir);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static FileAttribute<?>[] ownerOnly(Set<PosixFilePermission> permissions) {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)}
                : new FileAttribute<?>[0];
    }

    /** Makes the rename durable; some platforms cannot open a directory, which only loses that guarantee. */
    private static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Best effort: the file itself is on disk; only the rename may need the next sync.
        }
    }
}
