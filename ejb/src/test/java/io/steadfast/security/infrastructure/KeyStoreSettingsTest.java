package io.steadfast.security.infrastructure;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class KeyStoreSettingsTest {

    @Test
    void theStoresDefaultToTheServersDataDirectory() {
        KeyStoreSettings s = KeyStoreSettings.from(Map.of("jboss.server.data.dir", "/srv/data")::get);
        assertThat(s.keys()).isEqualTo(Path.of("/srv/data/steadfast-keys.p12"));
        assertThat(s.receipts()).isEqualTo(Path.of("/srv/data/steadfast-receipts.p12"));
        assertThat(s.password()).isNull();
    }

    /** The password is taken as written: MicroProfile Config would expand "${x}" inside it. */
    @Test
    void thePasswordIsReadAsWrittenFromTheSystemProperty() {
        String before = System.setProperty(KeyStoreFiles.PASSWORD_PROPERTY, "pa${ss}word");
        try {
            assertThat(KeyStoreSettings.current().password()).isEqualTo("pa${ss}word");
        } finally {
            if (before == null) {
                System.clearProperty(KeyStoreFiles.PASSWORD_PROPERTY);
            } else {
                System.setProperty(KeyStoreFiles.PASSWORD_PROPERTY, before);
            }
        }
    }

    /** A record prints every component; this one must never print the password (it could reach a log). */
    @Test
    void thePasswordIsNeverPrinted() {
        KeyStoreSettings s = KeyStoreSettings.from(Map.of(KeyStoreFiles.PASSWORD_PROPERTY, "s3cret-pw", KeyStoreSettings.KEYS_PATH, "/k.p12")::get);
        assertThat(s.password()).isEqualTo("s3cret-pw");
        assertThat(s.keys()).isEqualTo(Path.of("/k.p12"));
        assertThat(s.toString()).doesNotContain("s3cret-pw").contains("password=set");
    }
}
