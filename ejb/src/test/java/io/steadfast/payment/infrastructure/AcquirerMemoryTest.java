package io.steadfast.payment.infrastructure;

import io.steadfast.payment.domain.PaymentGateway.Answer;
import io.steadfast.payment.domain.PaymentGateway.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The simulated acquirer's durable memory, and its test cards' answers to authorize and lookup. */
class AcquirerMemoryTest {

    private static final String APPROVE = "4242424242424242";
    private static final String TIMEOUT = "4000000000000119";
    private static final String TIMEOUT_BUT_APPROVED = "4000000000000127";

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("acquirer").resolve("answers.log");
    }

    @Test
    void answersAreRememberedAcrossARestartAndNoCardNumberIsWritten() throws IOException {
        try (AcquirerMemory memory = AcquirerMemory.open(file())) {
            assertThat(SimulatedAcquirer.authorize(memory, "11111111-aaaa", APPROVE).outcome()).isEqualTo(Outcome.APPROVED);
            assertThat(SimulatedAcquirer.authorize(memory, "22222222-bbbb", "4000000000000002").reason()).isEqualTo("do_not_honor");
            assertThat(SimulatedAcquirer.authorize(memory, "33333333-cccc", TIMEOUT).outcome()).isEqualTo(Outcome.TIMEOUT);
            assertThat(SimulatedAcquirer.authorize(memory, "44444444-dddd", TIMEOUT_BUT_APPROVED).outcome())
                    .as("the caller hears a timeout").isEqualTo(Outcome.TIMEOUT);
        }
        try (AcquirerMemory memory = AcquirerMemory.open(file())) {
            assertThat(memory.load()).isEqualTo(new AcquirerMemory.Load(4, 0, 0));
            assertThat(SimulatedAcquirer.lookup(memory, "11111111-aaaa")).isEqualTo(new Answer(Outcome.APPROVED, null, "sim-11111111"));
            assertThat(SimulatedAcquirer.lookup(memory, "22222222-bbbb")).isEqualTo(new Answer(Outcome.DECLINED, "do_not_honor", null));
            assertThat(SimulatedAcquirer.lookup(memory, "33333333-cccc").outcome()).as("0119 stays unknown").isEqualTo(Outcome.TIMEOUT);
            assertThat(SimulatedAcquirer.lookup(memory, "44444444-dddd"))
                    .as("0127 was approved after all").isEqualTo(new Answer(Outcome.APPROVED, null, "sim-44444444"));
            assertThat(SimulatedAcquirer.lookup(memory, "55555555-eeee").outcome()).as("never sent").isEqualTo(Outcome.NOT_RECEIVED);
        }
        String content = Files.readString(file());
        assertThat(content).contains("11111111-aaaa").doesNotContain(APPROVE, TIMEOUT, TIMEOUT_BUT_APPROVED, "4000000000000002");
        assertThat(content.lines()).hasSize(4);
    }

    @Test
    void aTornLastLineIsCutOffAndTheNextAnswerStartsClean() throws IOException {
        try (AcquirerMemory memory = AcquirerMemory.open(file())) {
            memory.remember("p-1", new Answer(Outcome.APPROVED, null, "ref-1"));
            memory.remember("p-2", new Answer(Outcome.DECLINED, "do_not_honor", null));
        }
        byte[] whole = AcquirerMemory.encode("p-3", new Answer(Outcome.APPROVED, null, "ref-3"));
        long good = Files.size(file());
        // A crash in the middle of the third line: part of it reached the file, no end of line.
        Files.write(file(), Arrays.copyOf(whole, whole.length / 2), StandardOpenOption.APPEND);

        try (AcquirerMemory memory = AcquirerMemory.open(file())) {
            assertThat(memory.load()).isEqualTo(new AcquirerMemory.Load(2, 0, whole.length / 2));
            assertThat(Files.size(file())).as("cut back to the last whole line").isEqualTo(good);
            assertThat(memory.recall("p-3")).as("never answered, so never received").isEmpty();
            assertThat(memory.recall("p-2")).hasValue(new Answer(Outcome.DECLINED, "do_not_honor", null));
            memory.remember("p-4", new Answer(Outcome.APPROVED, null, "ref-4"));
        }
        try (AcquirerMemory memory = AcquirerMemory.open(file())) {
            assertThat(memory.load()).isEqualTo(new AcquirerMemory.Load(3, 0, 0));
            assertThat(memory.recall("p-4")).hasValue(new Answer(Outcome.APPROVED, null, "ref-4"));
        }
    }

    @Test
    void aWholeButGarbledLastLineIsCutTooAndDamageBetweenGoodLinesIsSkipped() throws IOException {
        try (AcquirerMemory memory = AcquirerMemory.open(file())) {
            memory.remember("p-1", new Answer(Outcome.APPROVED, null, "ref-1"));
            memory.remember("p-2", new Answer(Outcome.APPROVED, null, "ref-2"));
            memory.remember("p-3", new Answer(Outcome.APPROVED, null, "ref-3"));
        }
        byte[] bytes = Files.readAllBytes(file());
        int secondLine = indexAfterNewline(bytes, 0);
        bytes[secondLine + 1] ^= 0x01; // one flipped bit in p-2's line: its check sum no longer matches
        byte[] zeros = new byte[16];
        zeros[15] = '\n'; // a last "line" of zeros, as a torn write can leave
        byte[] damaged = Arrays.copyOf(bytes, bytes.length + zeros.length);
        System.arraycopy(zeros, 0, damaged, bytes.length, zeros.length);
        Files.write(file(), damaged);

        try (AcquirerMemory memory = AcquirerMemory.open(file())) {
            assertThat(memory.load()).isEqualTo(new AcquirerMemory.Load(2, 1, zeros.length));
            assertThat(memory.recall("p-1")).isPresent();
            assertThat(memory.recall("p-2")).isEmpty();
            assertThat(memory.recall("p-3")).hasValue(new Answer(Outcome.APPROVED, null, "ref-3"));
            assertThat(Files.size(file())).isEqualTo(bytes.length);
        }
    }

    @Test
    void anEmptyOrMissingFileIsAnEmptyMemory() throws IOException {
        try (AcquirerMemory memory = AcquirerMemory.open(file())) {
            assertThat(memory.load()).isEqualTo(new AcquirerMemory.Load(0, 0, 0));
            assertThat(Files.exists(file())).isTrue();
        }
    }

    @Test
    void aFieldThatWouldBreakTheLineIsRefused() throws IOException {
        try (AcquirerMemory memory = AcquirerMemory.open(file())) {
            assertThatThrownBy(() -> memory.remember("p-1", new Answer(Outcome.DECLINED, "bad\treason", null)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> memory.remember("p\n2", new Answer(Outcome.APPROVED, null, "r")))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(Files.readString(file(), StandardCharsets.UTF_8)).isEmpty();
    }

    private static int indexAfterNewline(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                return i + 1;
            }
        }
        throw new IllegalStateException("no line");
    }

    /**
     * A cluster: each node writes its own file in one folder, and a lookup on one node finds what
     * the acquirer answered another, the last whole line winning, a line still being written not
     * counted, and the other node's file never changed.
     */
    @Test
    void aLookupFindsWhatTheAcquirerAnsweredAnotherNode() throws IOException {
        Path folder = dir.resolve("shared");
        try (AcquirerMemory one = AcquirerMemory.open(folder.resolve("node-1.log"));
             AcquirerMemory two = AcquirerMemory.open(folder.resolve("node-2.log"))) {
            SimulatedAcquirer.authorize(one, "11111111-aaaa", APPROVE);
            one.remember("22222222-bbbb", new Answer(Outcome.TIMEOUT, "acquirer_timeout", null));
            one.remember("22222222-bbbb", new Answer(Outcome.APPROVED, null, "ref-late"));
            Files.write(folder.resolve("node-1.log"), "33333333-cccc\tAPPROVED".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    java.nio.file.StandardOpenOption.APPEND); // node 1 is writing this line now
            byte[] nodeOne = Files.readAllBytes(folder.resolve("node-1.log"));

            assertThat(SimulatedAcquirer.lookup(two, "11111111-aaaa")).isEqualTo(new Answer(Outcome.APPROVED, null, "sim-11111111"));
            assertThat(SimulatedAcquirer.lookup(two, "22222222-bbbb")).as("the last answer").isEqualTo(new Answer(Outcome.APPROVED, null, "ref-late"));
            assertThat(SimulatedAcquirer.lookup(two, "33333333-cccc").outcome()).as("a line not yet whole").isEqualTo(Outcome.NOT_RECEIVED);
            assertThat(SimulatedAcquirer.lookup(one, "44444444-dddd").outcome()).isEqualTo(Outcome.NOT_RECEIVED);
            assertThat(Files.readAllBytes(folder.resolve("node-1.log"))).as("node 1's file untouched").isEqualTo(nodeOne);
        }
    }
}
