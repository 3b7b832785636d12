package io.steadfast.payment.infrastructure;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Receipts signed through Bouncy Castle are exactly the JDK's Ed25519 signatures. */
class ReceiptSignerTest {

    @Test
    void theSignatureIsTheJdksAndTheJdkVerifiesIt() throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] seed = ReceiptSigner.seedOf(pair.getPrivate());
        for (String doc : new String[] {"", "{\"type\":\"steadfast.receipt/v1\",\"amount\":1999}", "x".repeat(10_000)}) {
            byte[] document = doc.getBytes(StandardCharsets.UTF_8);

            byte[] ours = ReceiptSigner.sign(seed, document);

            Signature jdk = Signature.getInstance("Ed25519");
            jdk.initSign(pair.getPrivate());
            jdk.update(document);
            assertThat(HexFormat.of().formatHex(ours)).isEqualTo(HexFormat.of().formatHex(jdk.sign()));
            Signature verify = Signature.getInstance("Ed25519");
            verify.initVerify(pair.getPublic());
            verify.update(document);
            assertThat(verify.verify(ours)).isTrue();
        }
    }

    @Test
    void rfc8032TestVector1() {
        // RFC 8032 section 7.1, TEST 1: the empty message.
        byte[] seed = HexFormat.of().parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        assertThat(HexFormat.of().formatHex(ReceiptSigner.sign(seed, new byte[0]))).isEqualTo(
                "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
    }

    @Test
    void aKeyThatIsNotEd25519IsRefusedByName() throws Exception {
        KeyPair rsa = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        assertThatThrownBy(() -> ReceiptSigner.seedOf(rsa.getPrivate())).hasMessageContaining("not an Ed25519 private key");
    }

    /**
     * A new receipt store is made in this JVM (it once ran keytool in a child process): an Ed25519
     * key pair whose self-signed certificate verifies with its own key, names its subject and is
     * valid for ten years from now; the store opens with its password, owner-readable only.
     */
    @Test
    void aNewStoreHoldsTheKeyPairWithASelfSignedCertificateThatVerifies(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path store = dir.resolve("receipts.p12");
        char[] password = "changeit-receipts".toCharArray();
        java.time.Instant before = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        java.security.KeyStore.PrivateKeyEntry entry = ReceiptSigner.load(store, password);
        java.security.cert.X509Certificate cert = (java.security.cert.X509Certificate) entry.getCertificate();
        cert.verify(cert.getPublicKey());
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=Steadfast receipts");
        assertThat(cert.getIssuerX500Principal()).isEqualTo(cert.getSubjectX500Principal());
        assertThat(cert.getSigAlgName()).isEqualTo("Ed25519");
        assertThat(cert.getVersion()).isEqualTo(3);
        assertThat(cert.getNotBefore().toInstant()).isBetween(before, java.time.Instant.now());
        assertThat(java.time.Duration.between(cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant())).isEqualTo(ReceiptSigner.CERTIFICATE_VALIDITY);
        assertThat(cert.getPublicKey()).isEqualTo(entry.getCertificate().getPublicKey());
        java.security.Signature verify = java.security.Signature.getInstance("Ed25519");
        verify.initVerify(cert.getPublicKey());
        byte[] doc = "{\"receipt\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        verify.update(doc);
        assertThat(verify.verify(ReceiptSigner.sign(ReceiptSigner.seedOf(entry.getPrivateKey()), doc))).isTrue();
        assertThat(java.nio.file.Files.getPosixFilePermissions(store)).containsExactlyInAnyOrder(
                java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        assertThat(ReceiptSigner.load(store, password).getCertificate()).as("opened again, not made again").isEqualTo(cert);
    }
}
