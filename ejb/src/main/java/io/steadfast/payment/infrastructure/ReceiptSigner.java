package io.steadfast.payment.infrastructure;

import jakarta.enterprise.context.ApplicationScoped;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import io.steadfast.integrity.infrastructure.KeyStoreFiles;
import io.steadfast.integrity.infrastructure.KeyStoreSettings;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.EdECPrivateKey;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * Signs receipts with an Ed25519 key pair kept in a PKCS12 key store outside the code:
 * {@code steadfast.receipts.keystore.path} (default {@code <server data dir>/steadfast-receipts.p12}),
 * alias {@code receipts}, opened with {@code steadfast.keystore.password}. When the store does not
 * exist yet, it is created with the JDK's keytool (a key pair needs a certificate, which only
 * keytool makes without internal APIs); production supplies its own.
 */
@ApplicationScoped
public class ReceiptSigner {

    public static final String ALGORITHM = "Ed25519";
    static final String ALIAS = "receipts";
    private static final Logger LOG = Logger.getLogger(ReceiptSigner.class);

    private volatile KeyStore.PrivateKeyEntry entry;
    private volatile byte[] seed;

    private KeyStore.PrivateKeyEntry entry() {
        KeyStore.PrivateKeyEntry e = entry;
        if (e == null) {
            synchronized (this) {
                if (entry == null) {
                    KeyStore.PrivateKeyEntry loaded = load();
                    seed = seedOf(loaded.getPrivateKey());
                    entry = loaded;
                }
                e = entry;
            }
        }
        return e;
    }

    /** Base64 of the Ed25519 signature over the document's exact bytes. */
    public String sign(byte[] document) {
        entry();
        return Base64.getEncoder().encodeToString(sign(seed, document));
    }

    /** The 32-byte Ed25519 private key (RFC 8032's seed) of a JDK key. */
    static byte[] seedOf(PrivateKey key) {
        if (!(key instanceof EdECPrivateKey ed) || ed.getBytes().isEmpty()) {
            throw new IllegalStateException("the receipt key is not an Ed25519 private key (" + key.getAlgorithm() + ")");
        }
        return ed.getBytes().get();
    }

    /**
     * Signs with Bouncy Castle's RFC 8032 Ed25519. Ed25519 is deterministic, so this is the same
     * signature as the JDK's {@code Signature.getInstance("Ed25519")}, which verifies it; it is
     * several times cheaper than the JDK 17 signer, which took a third of the server's CPU per
     * payment (PERFORMANCE.md).
     */
    static byte[] sign(byte[] seed, byte[] document) {
        byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
        Ed25519.sign(seed, 0, document, 0, document.length, signature, 0);
        return signature;
    }

    public PublicKey publicKey() {
        return entry().getCertificate().getPublicKey();
    }

    private static KeyStore.PrivateKeyEntry load() {
        KeyStoreSettings settings = KeyStoreSettings.current();
        return load(settings.receipts(), settings.requirePassword(settings.receipts()));
    }

    /**
     * The key pair under {@value #ALIAS} of the store at {@code path}, created first when the
     * store does not exist. Synchronized on the class: two callers never create it at once.
     */
    public static synchronized KeyStore.PrivateKeyEntry load(Path path, char[] password) {
        try {
            if (!Files.exists(path)) {
                create(path, password);
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(path)) {
                ks.load(in, password);
            }
            KeyStore.Entry e = ks.getEntry(ALIAS, new KeyStore.PasswordProtection(password));
            if (!(e instanceof KeyStore.PrivateKeyEntry pke) || !(pke.getPrivateKey() instanceof PrivateKey)) {
                throw new GeneralSecurityException("it has no key pair under the alias '" + ALIAS + "'");
            }
            seedOf(pke.getPrivateKey());
            return pke;
        } catch (IOException | GeneralSecurityException | IllegalStateException e) {
            throw KeyStoreFiles.cannotOpen(path, e);
        }
    }

    /**
     * Creates the store with keytool, in a directory only this user can enter, then publishes it
     * with {@link KeyStoreFiles#writePrivately} (owner-readable only, atomic): a crash never leaves
     * a half-written store in place, and the key is never readable by others, not even briefly.
     */
    private static void create(Path path, char[] password) throws IOException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Path work = KeyStoreFiles.privateWorkDirectory(path);
        Path made = work.resolve("receipts.p12");
        try {
            ProcessBuilder pb = new ProcessBuilder(keytool.toString(), "-genkeypair", "-keyalg", ALGORITHM, "-alias", ALIAS,
                    "-dname", "CN=Steadfast receipts", "-validity", "3650", "-storetype", "PKCS12", "-keystore", made.toString(),
                    "-storepass:env", "STEADFAST_KS_PASSWORD", "-keypass:env", "STEADFAST_KS_PASSWORD")
                    .redirectErrorStream(true);
            // The password goes through the environment, never the command line.
            pb.environment().put("STEADFAST_KS_PASSWORD", new String(password));
            Process p = pb.start();
            try {
                String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    p.destroyForcibly();
                    throw new IOException("keytool could not create the receipt key store: " + out.strip());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
                throw new IOException("interrupted while creating the receipt key store", e);
            }
            KeyStoreFiles.writePrivately(path, Files.readAllBytes(made));
        } finally {
            Files.deleteIfExists(made);
            Files.deleteIfExists(work);
        }
        LOG.infof("Created the receipt key store %s with a new %s key pair", path, ALGORITHM);
    }
}
