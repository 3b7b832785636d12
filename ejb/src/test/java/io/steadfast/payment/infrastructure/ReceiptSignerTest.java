package io.steadfast.payment.infrastructure;

import io.steadfast.security.infrastructure.ReceiptKeys;
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
        byte[] seed = ReceiptKeys.seedOf(pair.getPrivate());
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
    void itSignsWithTheAlgorithmTheApplicationPublishes() {
        assertThat(ReceiptSigner.ALGORITHM).isEqualTo(io.steadfast.security.infrastructure.ReceiptKeys.ALGORITHM);
    }
}
