package io.steadfast.bench;

import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;

/**
 * The Ed25519 signature over a receipt (about 250 bytes), as ReceiptSigner makes it (Bouncy
 * Castle's RFC 8032 code) against the JDK 17 signer it replaced, same key, same bytes.
 */
@State(Scope.Thread)
public class ReceiptSignatureBenchmark {

    KeyPair pair;
    byte[] seed;
    byte[] receipt;

    @Setup
    public void setUp() throws GeneralSecurityException {
        pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        seed = ((EdECPrivateKey) pair.getPrivate()).getBytes().orElseThrow();
        receipt = ("{\"type\":\"steadfast.receipt/v1\",\"paymentId\":\"0b6f3c2e-6f1d-4e8a-9a57-3d0c1f3a9b21\",\"orderId\":\"order-1042\","
                + "\"amount\":1999,\"currency\":\"EUR\",\"method\":\"wallet\",\"status\":\"CAPTURED\","
                + "\"createdAt\":\"2026-11-25T10:57:44.694870Z\"}").getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    public byte[] jdkSignBaseline() throws GeneralSecurityException {
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(pair.getPrivate());
        s.update(receipt);
        return s.sign();
    }

    @Benchmark
    public byte[] bouncyCastleSign() {
        byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
        Ed25519.sign(seed, 0, receipt, 0, receipt.length, signature, 0);
        return signature;
    }
}
