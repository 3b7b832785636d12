package io.steadfast.vault.engine;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.Random;

/**
 * Encode throughput of the vault's layouts on a 1 MiB object: RAID-5 XOR parity (k=4) and
 * Reed-Solomon (k=4, m=2), against copying the same object once (the mirror's cost), in the same run.
 * Lives in the engine's package to reach the package-private codecs.
 */
@State(Scope.Thread)
public class ErasureBenchmark {

    static final int SIZE = 1 << 20;

    byte[] object;
    Codec parity;
    Codec reedSolomon;

    @Setup
    public void setUp() {
        object = new byte[SIZE];
        new Random(1).nextBytes(object);
        parity = new Codec.Erasure(5, 4, 1, VaultConfig.Layout.PARITY);
        reedSolomon = new Codec.Erasure(6, 4, 2, VaultConfig.Layout.REED_SOLOMON);
    }

    @Benchmark
    public byte[][] parityEncodeK4() {
        return parity.encode(object);
    }

    @Benchmark
    public byte[][] reedSolomonEncodeK4M2() {
        return reedSolomon.encode(object);
    }

    @Benchmark
    public byte[] copyBaseline() {
        return object.clone();
    }
}
