package io.steadfast.security.infrastructure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The deployment-time check: a missing or wrong password stops the deployment with a message
 * that says what to set and where; the right one opens (first time: creates) both stores.
 */
class KeyStoreStartupCheckTest {

    @TempDir
    Path dir;

    @Test
    void aMissingPasswordStopsTheDeploymentNamingThePropertyAndWhereToSetIt() {
        for (String missing : new String[] {null, "", "  "}) {
            assertThatThrownBy(() -> KeyStoreStartupCheck.check(missing, dir.resolve("keys.p12"), dir.resolve("receipts.p12")))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("STEADFAST-INTEGRITY-0006")
                    .hasMessageContaining("steadfast.keystore.password")
                    .hasMessageContaining("-P=file:")
                    .hasMessageContaining("-Dsteadfast.keystore.password=");
        }
        assertThat(dir.resolve("keys.p12")).doesNotExist();
    }

    @Test
    void theRightPasswordCreatesBothStoresOnceAndOpensThemAfterwards() throws Exception {
        Path keys = dir.resolve("keys.p12");
        Path receipts = dir.resolve("receipts.p12");
        KeyStoreStartupCheck.check("first-start", keys, receipts);
        assertThat(keys).isRegularFile();
        assertThat(receipts).isRegularFile();
        byte[] before = Files.readAllBytes(keys);
        byte[] receiptsBefore = Files.readAllBytes(receipts);

        KeyStoreStartupCheck.check("first-start", keys, receipts);
        assertThat(Files.readAllBytes(keys)).as("opened, not recreated").isEqualTo(before);
        assertThat(Files.readAllBytes(receipts)).isEqualTo(receiptsBefore);
        try (var listing = Files.list(dir)) {
            assertThat(listing.map(p -> p.getFileName().toString())).as("no temporary files left")
                    .containsExactlyInAnyOrder("keys.p12", "receipts.p12");
        }
    }

    @Test
    void aWrongPasswordStopsTheDeploymentNamingTheStore() throws Exception {
        Path keys = dir.resolve("keys.p12");
        Path receipts = dir.resolve("receipts.p12");
        KeyStoreStartupCheck.check("right-password", keys, receipts);

        assertThatThrownBy(() -> KeyStoreStartupCheck.check("wrong-password", keys, receipts))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("STEADFAST-INTEGRITY-0007")
                .hasMessageContaining(keys.toString())
                .hasMessageContaining("steadfast.keystore.password");
    }

    @Test
    void aWrongPasswordForTheReceiptStoreAloneIsCaughtToo() throws Exception {
        Path keys = dir.resolve("keys.p12");
        Path receipts = dir.resolve("receipts.p12");
        KeyStoreStartupCheck.check("password-one", dir.resolve("other-keys.p12"), receipts);

        assertThatThrownBy(() -> KeyStoreStartupCheck.check("password-two", keys, receipts))
                .hasMessageStartingWith("STEADFAST-INTEGRITY-0007").hasMessageContaining(receipts.toString());
    }

    @Test
    void bothStoresAreCreatedReadableByTheOwnerOnly() throws Exception {
        Path keys = dir.resolve("keys.p12");
        Path receipts = dir.resolve("sub").resolve("receipts.p12");
        KeyStoreStartupCheck.check("owner-only", keys, receipts);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keys))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(receipts))).isEqualTo("rw-------");
    }
}
