package io.steadfast.vault.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class JournalTest {

    @TempDir
    Path dir;

    private Journal journal(Path... copies) throws Exception {
        Journal j = new Journal(List.of(copies), List.of(copies), IoFaults.NONE);
        j.rewrite(List.of(), false);
        return j;
    }

    private static byte[] payload(int n) {
        return ("record-" + n).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    @Test
    void aTornTailIsCutOffAndEverythingBeforeItKept() throws Exception {
        Path a = dir.resolve("a");
        try (Journal j = journal(a)) {
            for (int i = 0; i < 5; i++) {
                j.append(JournalCodec.COMMIT, payload(i));
            }
        }
        byte[] torn = JournalCodec.frame(JournalCodec.COMMIT, payload(5));
        Files.write(a.resolve(Journal.FILE), java.util.Arrays.copyOf(torn, torn.length - 3), java.nio.file.StandardOpenOption.APPEND);

        Journal.Replay r = new Journal(List.of(a), List.of(a), IoFaults.NONE).replay();
        assertThat(r.tornTail()).isTrue();
        assertThat(r.damage()).isEmpty();
        assertThat(r.entries()).hasSize(5);
        assertThat(r.entries().get(4).payload()).isEqualTo(payload(4));
    }

    @Test
    void damageInTheMiddleOfTheOnlyCopyIsReportedAndTheRestKept() throws Exception {
        Path a = dir.resolve("a");
        try (Journal j = journal(a)) {
            for (int i = 0; i < 5; i++) {
                j.append(JournalCodec.COMMIT, payload(i));
            }
        }
        byte[] raw = Files.readAllBytes(a.resolve(Journal.FILE));
        int recordLength = JournalCodec.frame(JournalCodec.COMMIT, payload(0)).length;
        raw[recordLength * 2 + 10] ^= 0x40; // inside record 2
        Files.write(a.resolve(Journal.FILE), raw);

        Journal.Replay r = new Journal(List.of(a), List.of(a), IoFaults.NONE).replay();
        assertThat(r.tornTail()).isFalse();
        assertThat(r.damage()).hasSize(1);
        assertThat(r.entries()).extracting(e -> new String(e.payload(), java.nio.charset.StandardCharsets.US_ASCII))
                .as("the journal is never cut short past good records")
                .containsExactly("record-0", "record-1", "record-3", "record-4");
    }

    @Test
    void damageInOneCopyIsRepairedFromAnother() throws Exception {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        try (Journal j = journal(a, b)) {
            for (int i = 0; i < 5; i++) {
                j.append(JournalCodec.PREPARE, payload(i));
            }
            assertThat(j.batches()).isEqualTo(5);
        }
        byte[] raw = Files.readAllBytes(a.resolve(Journal.FILE));
        raw[3] ^= 0x01; // the first record's magic
        Files.write(a.resolve(Journal.FILE), raw);

        Journal.Replay r = new Journal(List.of(a, b), List.of(a, b), IoFaults.NONE).replay();
        assertThat(r.repairedFromCopy()).isEqualTo(1);
        assertThat(r.damage()).isEmpty();
        assertThat(r.entries()).hasSize(5);
    }

    /** Reads of {@code unreadable} fail as a disk's EIO would. */
    private static IoFaults unreadable(Path copy) {
        return new IoFaults() {
            @Override
            public void beforeRead(Path file) throws java.io.IOException {
                if (file.startsWith(copy)) {
                    throw new java.io.IOException("Input/output error");
                }
            }
        };
    }

    @Test
    void aCopyThatCannotBeReadIsNamedWithWhyAndReportedLostWhileTheOthersDecide() throws Exception {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        try (Journal j = journal(a, b)) {
            for (int i = 0; i < 3; i++) {
                j.append(JournalCodec.COMMIT, payload(i));
            }
        }
        Journal reopened = new Journal(List.of(a, b), List.of(a, b), unreadable(a));
        List<String> lost = new java.util.ArrayList<>();
        reopened.onCopyLost((copyDir, reason) -> lost.add(copyDir + " | " + reason));

        Journal.Replay r = reopened.replay();

        assertThat(r.entries()).as("the readable copy decides").hasSize(3);
        assertThat(r.skippedCopies()).singleElement().asString()
                .contains(a.resolve(Journal.FILE).toString()).contains("Input/output error").contains("skipped");
        assertThat(lost).as("reported like a lost copy, which takes its disk out of service").singleElement().asString()
                .startsWith(a + " | ").contains("Input/output error");
    }

    @Test
    void whenNoCopyCanBeReadTheJournalIsNotOpenedRatherThanStartedEmpty() throws Exception {
        Path a = dir.resolve("a");
        try (Journal j = journal(a)) {
            j.append(JournalCodec.PREPARE, payload(1));
        }
        byte[] before = Files.readAllBytes(a.resolve(Journal.FILE));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Journal(List.of(a), List.of(a), unreadable(a)).replay())
                .isInstanceOf(java.io.IOException.class).hasMessageContaining("no copy of the vault journal could be read")
                .hasMessageContaining(a.resolve(Journal.FILE).toString());
        assertThat(Files.readAllBytes(a.resolve(Journal.FILE))).as("its records are kept").isEqualTo(before);
    }

    /** The frames of one batch as a group commit writes them: one buffer, one write. */
    private static byte[] batch(int from, int count) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = from; i < from + count; i++) {
            out.writeBytes(JournalCodec.frame(JournalCodec.ONE_PHASE, payload(i)));
        }
        return out.toByteArray();
    }

    @Test
    void aTornMultiRecordBatchKeepsItsWholeRecordsAndCutsTheTornOne() throws Exception {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        try (Journal j = journal(a, b)) {
            for (int i = 0; i < 3; i++) {
                j.append(JournalCodec.COMMIT, payload(i));
            }
        }
        // A batch of four records, not acknowledged: the crash cut copy a inside its second
        // record and copy b inside its fourth.
        byte[] batch = batch(3, 4);
        int recordLength = JournalCodec.frame(JournalCodec.ONE_PHASE, payload(3)).length;
        Files.write(a.resolve(Journal.FILE), java.util.Arrays.copyOf(batch, recordLength + 7), java.nio.file.StandardOpenOption.APPEND);
        Files.write(b.resolve(Journal.FILE), java.util.Arrays.copyOf(batch, 3 * recordLength + 5), java.nio.file.StandardOpenOption.APPEND);

        Journal.Replay r = new Journal(List.of(a, b), List.of(a, b), IoFaults.NONE).replay();
        assertThat(r.tornTail()).isTrue();
        assertThat(r.damage()).isEmpty();
        assertThat(r.entries()).extracting(e -> new String(e.payload(), java.nio.charset.StandardCharsets.US_ASCII))
                .as("the acknowledged records, then the batch's whole records up to the torn one")
                .containsExactly("record-0", "record-1", "record-2", "record-3", "record-4", "record-5");
    }

    @Test
    void aBatchThatCannotBeForcedFailsAndIsNeverReplayed() throws Exception {
        Path a = dir.resolve("a");
        java.util.concurrent.atomic.AtomicBoolean failForce = new java.util.concurrent.atomic.AtomicBoolean();
        Journal j = new Journal(List.of(a), List.of(a), new IoFaults() {
            @Override
            public void beforeForce(Path file) throws java.io.IOException {
                if (failForce.get()) {
                    throw new java.io.IOException("fsync failed: Input/output error");
                }
            }
        });
        j.rewrite(List.of(), false);
        try (j) {
            j.append(JournalCodec.ONE_PHASE, payload(0));
            failForce.set(true);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> j.append(JournalCodec.ONE_PHASE, payload(1)))
                    .isInstanceOf(java.io.IOException.class).hasMessageContaining("fsync failed");
            failForce.set(false);
            j.append(JournalCodec.ONE_PHASE, payload(2));
        }
        Journal.Replay r = new Journal(List.of(a), List.of(a), IoFaults.NONE).replay();
        assertThat(r.tornTail()).isFalse();
        assertThat(r.entries()).extracting(e -> new String(e.payload(), java.nio.charset.StandardCharsets.US_ASCII))
                .containsExactly("record-0", "record-2");
    }

    /**
     * Batches force while the next ones are written; when one cannot be forced, it and the
     * batches written behind it fail together. Whatever the interleaving, the journal replays
     * exactly the records whose append returned, and none whose append failed.
     */
    @Test
    void withBatchesInFlightExactlyTheAcknowledgedRecordsAreReplayed() throws Exception {
        Path a = dir.resolve("a");
        java.util.concurrent.atomic.AtomicLong forceCalls = new java.util.concurrent.atomic.AtomicLong();
        Journal j = new Journal(List.of(a), List.of(a), new IoFaults() {
            @Override
            public void beforeForce(Path file) throws java.io.IOException {
                if (forceCalls.incrementAndGet() % 7 == 0) {
                    throw new java.io.IOException("fsync failed: Input/output error");
                }
            }
        });
        j.rewrite(List.of(), false);
        int writers = 16;
        int each = 40;
        java.util.Set<String> acknowledged = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.Set<String> failed = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
        try (j) {
            List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int id = w;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        String record = "w" + id + "-" + i;
                        try {
                            j.append(JournalCodec.ONE_PHASE, record.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                            acknowledged.add(record);
                        } catch (java.io.IOException e) {
                            failed.add(record);
                        }
                    }
                }));
            }
            for (var f : done) {
                f.get(2, java.util.concurrent.TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.printf("JournalTest: %d acknowledged, %d failed, %d forces, %d batches%n", acknowledged.size(), failed.size(),
                forceCalls.get(), j.batches());
        assertThat(failed).as("some forces failed").isNotEmpty();
        assertThat(acknowledged.size() + failed.size()).isEqualTo(writers * each);
        Journal.Replay r = new Journal(List.of(a), List.of(a), IoFaults.NONE).replay();
        assertThat(r.damage()).isEmpty();
        assertThat(r.entries()).extracting(e -> new String(e.payload(), java.nio.charset.StandardCharsets.US_ASCII))
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(acknowledged);
    }
}
