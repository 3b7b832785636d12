package io.steadfast.security.infrastructure;

import io.steadfast.testing.LogLines;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The integrity key store on first start and after: created once with every key and said so in
 * one line, never a key replaced, a missing key added to a store that lacks it.
 */
class SecretKeysTest {

    private static final char[] PASSWORD = "integrity-test".toCharArray();

    @TempDir
    Path dir;

    private final LogLines log = LogLines.of("io.steadfast.integrity");

    @AfterEach
    void stopListening() {
        log.close();
    }

    private List<String> keyStoreLines() {
        return log.all().stream().filter(l -> l.startsWith("STEADFAST-INTEGRITY-0003") || l.startsWith("STEADFAST-INTEGRITY-0009")).toList();
    }

    private static KeyStore read(Path store) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, PASSWORD);
        }
        return ks;
    }

    private static byte[] key(Path store, String alias) throws Exception {
        return read(store).getKey(alias, PASSWORD).getEncoded();
    }

    @Test
    void aFreshStoreIsCreatedWithEveryKeyAndLoggedOnceSayingWhy() throws Exception {
        Path store = dir.resolve("keys.p12");
        SecretKeys.openAll(store, PASSWORD);

        assertThat(java.util.Collections.list(read(store).aliases())).containsExactlyInAnyOrder("integrity-seal", "card-encryption", "card-token");
        assertThat(keyStoreLines()).as("one line for one store").hasSize(1);
        assertThat(keyStoreLines().get(0)).startsWith("STEADFAST-INTEGRITY-0003")
                .contains(store.toString()).contains("did not exist").contains("integrity-seal, card-encryption, card-token")
                .doesNotContain("replac");

        byte[] seal = key(store, "integrity-seal");
        log.clear();
        SecretKeys.openAll(store, PASSWORD);
        assertThat(keyStoreLines()).as("an existing store is only opened").isEmpty();
        assertThat(key(store, "integrity-seal")).isEqualTo(seal);
    }

    @Test
    void aStoreLackingAKeyGetsItAddedAndKeepsTheOthers() throws Exception {
        Path store = dir.resolve("keys.p12");
        SecretKeys.openAll(store, PASSWORD);
        byte[] seal = key(store, "integrity-seal");
        KeyStore ks = read(store);
        ks.deleteEntry("card-token");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ks.store(out, PASSWORD);
        Files.write(store, out.toByteArray());
        log.clear();

        SecretKeys.openAll(store, PASSWORD);

        assertThat(read(store).containsAlias("card-token")).isTrue();
        assertThat(key(store, "integrity-seal")).as("the seal key is kept").isEqualTo(seal);
        assertThat(keyStoreLines()).singleElement().asString().startsWith("STEADFAST-INTEGRITY-0009")
                .contains("card-token").doesNotContain("integrity-seal");
    }
}
