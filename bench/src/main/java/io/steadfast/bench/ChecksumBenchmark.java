package io.steadfast.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.Random;
import java.util.zip.CRC32C;

/** CRC32C verification of a chunk against System.arraycopy of the same buffer, in the same run. */
@State(Scope.Thread)
public class ChecksumBenchmark {

    @Param({"4096", "1048576"})
    public int size;

    byte[] buffer;
    byte[] target;

    @Setup
    public void setUp() {
        buffer = new byte[size];
        target = new byte[size];
        new Random(1).nextBytes(buffer);
    }

    @Benchmark
    public long crc32c() {
        CRC32C crc = new CRC32C();
        crc.update(buffer, 0, buffer.length);
        return crc.getValue();
    }

    @Benchmark
    public byte[] arraycopyBaseline() {
        System.arraycopy(buffer, 0, target, 0, buffer.length);
        return target;
    }
}
