package io.steadfast.security.infrastructure;

import io.steadfast.testing.LogLines;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The receipt key store: made in this JVM on first start, opened afterwards, never given a second key pair. */
class ReceiptKeysTest {

    private static final char[] PASSWORD = "changeit-receipts".toCharArray();

    @TempDir
    Path dir;

    private final LogLines log = LogLines.of("io.steadfast.integrity");

    @AfterEach
    void stopListening() {
        log.close();
    }

    /**
     * A new receipt store is made in this JVM (it once ran keytool in a child process): an Ed25519
     * key pair whose self-signed certificate verifies with its own key, names its subject and is
     * valid for ten years from now; the store opens with its password, owner-readable only; its
     * creation is logged once, with its number.
     */
    @Test
    void aNewStoreHoldsTheKeyPairWithASelfSignedCertificateThatVerifies() throws Exception {
        Path store = dir.resolve("receipts.p12");
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        KeyStore.PrivateKeyEntry entry = ReceiptKeys.load(store, PASSWORD);
        X509Certificate cert = (X509Certificate) entry.getCertificate();
        cert.verify(cert.getPublicKey());
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=Steadfast receipts");
        assertThat(cert.getIssuerX500Principal()).isEqualTo(cert.getSubjectX500Principal());
        assertThat(cert.getSigAlgName()).isEqualTo("Ed25519");
        assertThat(cert.getVersion()).isEqualTo(3);
        assertThat(cert.getNotBefore().toInstant()).isBetween(before, Instant.now());
        assertThat(Duration.between(cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant())).isEqualTo(ReceiptKeys.CERTIFICATE_VALIDITY);
        Signature jdk = Signature.getInstance("Ed25519");
        jdk.initSign(entry.getPrivateKey());
        byte[] doc = "{\"receipt\":1}".getBytes(StandardCharsets.UTF_8);
        jdk.update(doc);
        byte[] signature = jdk.sign();
        Signature verify = Signature.getInstance("Ed25519");
        verify.initVerify(cert.getPublicKey());
        verify.update(doc);
        assertThat(verify.verify(signature)).isTrue();
        assertThat(Files.getPosixFilePermissions(store)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(log.all()).filteredOn(l -> l.startsWith("STEADFAST-INTEGRITY-0010")).singleElement().asString()
                .contains(store.toString()).contains("Ed25519");

        log.clear();
        assertThat(ReceiptKeys.load(store, PASSWORD).getCertificate()).as("opened again, not made again").isEqualTo(cert);
        assertThat(log.all()).as("an existing store is only opened").noneMatch(l -> l.startsWith("STEADFAST-INTEGRITY-"));
    }

    /** A store the operator supplied with the key under another alias is refused by name, not extended with a new pair. */
    @Test
    void aStoreWithoutTheKeyPairIsRefusedAndLeftAsItWas() throws Exception {
        Path store = dir.resolve("receipts.p12");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, PASSWORD);
        ks.setEntry("some-other-alias", new KeyStore.SecretKeyEntry(javax.crypto.KeyGenerator.getInstance("AES").generateKey()),
                new KeyStore.PasswordProtection(PASSWORD));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ks.store(out, PASSWORD);
        Files.write(store, out.toByteArray());
        byte[] before = Files.readAllBytes(store);

        assertThatThrownBy(() -> ReceiptKeys.load(store, PASSWORD))
                .hasMessageStartingWith("STEADFAST-INTEGRITY-0007").hasMessageContaining(store.toString())
                .hasMessageContaining("no key pair under the alias 'receipts'");
        assertThat(Files.readAllBytes(store)).isEqualTo(before);
        KeyStore again = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            again.load(in, PASSWORD);
        }
        assertThat(again.containsAlias("receipts")).isFalse();
    }

    @Test
    void aKeyThatIsNotEd25519IsRefusedByName() throws Exception {
        KeyPair rsa = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        assertThatThrownBy(() -> ReceiptKeys.seedOf(rsa.getPrivate())).hasMessageContaining("not an Ed25519 private key");
    }
}
