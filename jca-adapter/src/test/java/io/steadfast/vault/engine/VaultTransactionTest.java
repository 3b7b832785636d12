package io.steadfast.vault.engine;

import io.steadfast.vault.api.VaultException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VaultTransactionTest {

    private static final AtomicInteger SEQ = new AtomicInteger();

    @TempDir
    Path dir;
    Vault vault;

    @BeforeEach
    void open() throws IOException {
        vault = Vault.open(config());
    }

    private VaultConfig config() {
        return new VaultConfig(java.util.List.of(dir.resolve("d0"), dir.resolve("d1")), VaultConfig.Layout.MIRROR, 1, 0, false, "n1");
    }

    @AfterEach
    void close() throws IOException {
        vault.close();
    }

    static Xid xid() {
        return new TxId(4711, ("g" + SEQ.incrementAndGet()).getBytes(StandardCharsets.US_ASCII), new byte[] {1});
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private void reopen() throws IOException {
        vault.close();
        vault = Vault.open(config());
    }

    @Test
    void twoPhaseCommitMakesTheObjectVisible() throws Exception {
        Xid x = xid();
        vault.begin(x);
        vault.stage(x, "a", bytes("alpha"));
        assertThat(vault.get("a")).as("readers see committed objects only").isEmpty();
        assertThat(vault.prepare(x)).isEqualTo(XAResource.XA_OK);
        assertThat(vault.get("a")).isEmpty();
        vault.commit(x, false);
        assertThat(vault.get("a")).hasValue(bytes("alpha"));
        assertThat(vault.stats().twoPhaseCommits()).isEqualTo(1);
    }

    @Test
    void rollbackDiscards() throws Exception {
        Xid x = xid();
        vault.stage(x, "a", bytes("alpha"));
        vault.prepare(x);
        vault.rollback(x);
        assertThat(vault.exists("a")).isFalse();
        assertThat(vault.recover()).isEmpty();
    }

    @Test
    void aBranchThatWroteNothingIsReadOnly() throws Exception {
        Xid x = xid();
        vault.begin(x);
        assertThat(vault.prepare(x)).isEqualTo(XAResource.XA_RDONLY);
        assertThatThrownBy(() -> vault.commit(x, false)).isInstanceOfSatisfying(XAException.class,
                e -> assertThat(e.errorCode).isEqualTo(XAException.XAER_NOTA));
    }

    @Test
    void preparedBranchesSurviveARestartAndCanBeCommitted() throws Exception {
        Xid x = xid();
        vault.stage(x, "a", bytes("alpha"));
        vault.stage(x, "b", bytes("beta"));
        vault.prepare(x);
        reopen();

        assertThat(vault.recover()).containsExactly(TxId.of(x));
        assertThat(vault.exists("a")).isFalse();
        vault.commit(x, false);
        assertThat(vault.get("a")).hasValue(bytes("alpha"));
        assertThat(vault.get("b")).hasValue(bytes("beta"));
        assertThat(vault.recover()).isEmpty();
        reopen();
        assertThat(vault.recover()).isEmpty();
        assertThat(vault.get("b")).hasValue(bytes("beta"));
    }

    @Test
    void preparedBranchesSurviveARestartAndCanBeRolledBack() throws Exception {
        Xid x = xid();
        vault.stage(x, "a", bytes("alpha"));
        vault.prepare(x);
        reopen();
        vault.rollback(x);
        reopen();
        assertThat(vault.recover()).isEmpty();
        assertThat(vault.exists("a")).isFalse();
    }

    @Test
    void unfinishedBranchesThatNeverPreparedVanishInACrash() throws Exception {
        Xid x = xid();
        vault.stage(x, "a", bytes("alpha"));
        reopen();
        assertThat(vault.recover()).isEmpty();
        assertThatThrownBy(() -> vault.commit(x, false)).isInstanceOfSatisfying(XAException.class,
                e -> assertThat(e.errorCode).isEqualTo(XAException.XAER_NOTA));
    }

    @Test
    void repeatedCommitAndRollbackAnswerNota() throws Exception {
        Xid x = xid();
        vault.stage(x, "a", bytes("alpha"));
        vault.prepare(x);
        vault.commit(x, false);
        assertThatThrownBy(() -> vault.commit(x, false)).isInstanceOfSatisfying(XAException.class,
                e -> assertThat(e.errorCode).isEqualTo(XAException.XAER_NOTA));
        assertThatThrownBy(() -> vault.rollback(x)).isInstanceOfSatisfying(XAException.class,
                e -> assertThat(e.errorCode).isEqualTo(XAException.XAER_NOTA));
        assertThat(vault.get("a")).hasValue(bytes("alpha"));
    }

    @Test
    void twoBranchesWritingOneKeyConflict() {
        Xid x = xid();
        Xid y = xid();
        vault.stage(x, "a", bytes("from x"));
        assertThatThrownBy(() -> vault.stage(y, "a", bytes("from y")))
                .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.reason()).isEqualTo(VaultException.Reason.CONFLICT));
    }

    @Test
    void objectsAreWriteOnce() {
        vault.put("a", bytes("first"));
        assertThatThrownBy(() -> vault.put("a", bytes("second")))
                .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.reason()).isEqualTo(VaultException.Reason.KEY_EXISTS));
        assertThat(vault.get("a")).hasValue(bytes("first"));
    }

    @Test
    void onePhaseCommitWorksWithoutPrepare() throws Exception {
        Xid x = xid();
        vault.stage(x, "a", bytes("alpha"));
        vault.commit(x, true);
        assertThat(vault.get("a")).hasValue(bytes("alpha"));
        assertThat(vault.stats().onePhaseCommits()).isEqualTo(1);
    }

    @Test
    void commitWithoutPrepareIsAProtocolError() {
        Xid x = xid();
        vault.stage(x, "a", bytes("alpha"));
        assertThatThrownBy(() -> vault.commit(x, false)).isInstanceOfSatisfying(XAException.class,
                e -> assertThat(e.errorCode).isEqualTo(XAException.XAER_PROTO));
    }

    @Test
    void deletesAreTransactionalToo() throws Exception {
        vault.put("a", bytes("alpha"));
        Xid x = xid();
        vault.stageDelete(x, "a");
        assertThat(vault.exists("a")).isTrue();
        vault.prepare(x);
        vault.commit(x, false);
        assertThat(vault.exists("a")).isFalse();
        vault.put("a", bytes("again"));
        assertThat(vault.get("a")).hasValue(bytes("again"));
    }

    @Test
    void committedWorkSurvivesJournalRotation() throws Exception {
        vault.close();
        vault = Vault.open(config(), IoFaults.NONE, 4096);
        Xid inDoubt = xid();
        vault.stage(inDoubt, "in-doubt", bytes("keep me"));
        vault.prepare(inDoubt);
        for (int i = 0; i < 100; i++) {
            vault.put("k" + i, new byte[200]);
        }
        reopen();
        assertThat(vault.recover()).containsExactly(TxId.of(inDoubt));
        assertThat(vault.list("k")).hasSize(100);
        vault.commit(inDoubt, false);
        assertThat(vault.get("in-doubt")).hasValue(bytes("keep me"));
    }

    @Test
    void listsCommittedKeysByPrefix() {
        vault.put("receipt-2", bytes("2"));
        vault.put("receipt-1", bytes("1"));
        vault.put("invoice-1", bytes("i"));
        assertThat(vault.list("receipt-")).containsExactly("receipt-1", "receipt-2");
    }

    @Test
    void aJournalRecordDamagedInOneCopyIsRepairedFromTheOther() throws Exception {
        Xid x = xid();
        vault.stage(x, "a", bytes("alpha"));
        vault.prepare(x);
        vault.close();
        Path copy = dir.resolve("d0").resolve("journal").resolve("n1").resolve(Journal.FILE);
        byte[] raw = Files.readAllBytes(copy);
        raw[raw.length / 2] ^= 0x10;
        Files.write(copy, raw);

        vault = Vault.open(config());
        assertThat(vault.recover()).containsExactly(TxId.of(x));
        assertThat(vault.journalDamaged()).isFalse();
        assertThat(vault.journalFindings()).anySatisfy(f -> assertThat(f).contains("repaired from another"));
        vault.commit(x, false);
        assertThat(vault.get("a")).hasValue(bytes("alpha"));
    }

    @Test
    void aSecondEngineOnTheSameVaultIsRefused() {
        assertThatThrownBy(() -> Vault.open(config())).isInstanceOf(IOException.class)
                .hasMessageContaining("already open");
    }

    @Test
    void stripeIsRefusedUnlessAllowed() {
        assertThatThrownBy(() -> Vault.open(new VaultConfig(java.util.List.of(dir.resolve("s")), VaultConfig.Layout.STRIPE, 2, 0, false, "n2")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no redundancy");
    }
}
