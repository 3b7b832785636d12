package io.steadfast.configuration;

import io.steadfast.vault.outbound.VaultManagedConnectionFactory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingsTest {

    private static UnaryOperator<String> of(Map<String, String> values) {
        return values::get;
    }

    /**
     * A task's last run names the node that ran it; a server started without steadfast.node.id
     * must name itself as its transaction manager and its vault do, or an operator reads two
     * names for one node. The default is written once, in the vault's connection factory; the
     * scripts repeat it in their expressions, and this checks that they do.
     */
    @Test
    void theNodeDefaultsToTheScriptsDefault() throws IOException {
        assertThat(Settings.nodeId(of(Map.of()))).isEqualTo(VaultManagedConnectionFactory.DEFAULT_NODE_ID);
        assertThat(Settings.nodeId(of(Map.of(Settings.NODE_ID, "node-b")))).isEqualTo("node-b");
        assertThat(Settings.nodeId(of(Map.of(Settings.NODE_ID, "node-b ")))).as("as the scripts' expression reads it").isEqualTo("node-b ");
        String text = Files.readString(Path.of("..", "standalone-config", "configure-transactions.cli"));
        assertThat(text).contains("${steadfast.node.id:" + VaultManagedConnectionFactory.DEFAULT_NODE_ID + "}")
                .doesNotContainPattern("\\$\\{steadfast\\.node\\.id:(?!" + VaultManagedConnectionFactory.DEFAULT_NODE_ID + "\\})");
    }

    @Test
    void aWholeNumberIsTakenExactlyOrRefusedWithTheSettingsName() {
        assertThat(Settings.wholeNumber(of(Map.of()), "s", 7, 1, 10)).isEqualTo(7);
        assertThat(Settings.wholeNumber(of(Map.of("s", " 10 ")), "s", 7, 1, 10)).isEqualTo(10);
        for (String bad : new String[] {"0", "11", "1.5", "abc", "9999999999999999999999", "5x"}) {
            assertThatThrownBy(() -> Settings.wholeNumber(of(Map.of("s", bad)), "s", 7, 1, 10))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("s must be a whole number from 1 to 10, not '" + bad + "'");
        }
    }

    @Test
    void aFlagIsTrueOrFalseAndNothingElse() {
        assertThat(Settings.flag(of(Map.of()), "f", true)).isTrue();
        assertThat(Settings.flag(of(Map.of("f", "FALSE")), "f", true)).isFalse();
        assertThat(Settings.flag(of(Map.of("f", "true")), "f", false)).isTrue();
        assertThatThrownBy(() -> Settings.flag(of(Map.of("f", "yes")), "f", false))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("f must be true or false, not 'yes'");
    }

    @Test
    void textIsTrimmedAndABlankValueMeansTheDefault() {
        assertThat(Settings.text(of(Map.of("t", "  ")), "t", "d")).isEqualTo("d");
        assertThat(Settings.text(of(Map.of("t", " v ")), "t", "d")).isEqualTo("v");
        assertThat(Settings.serverDataDir(of(Map.of("jboss.server.data.dir", "/srv/data")))).isEqualTo(Path.of("/srv/data"));
    }

    /** The server reads settings through MicroProfile Config (SmallRye's, here as there); a system property changed later counts. */
    @Test
    void currentReadsSystemPropertiesThroughMicroProfileConfigWhenAsked() {
        String name = "steadfast.test.settings-probe";
        System.setProperty(name, "one");
        try {
            assertThat(Settings.current().apply(name)).isEqualTo("one");
            System.setProperty(name, "two");
            assertThat(Settings.current().apply(name)).isEqualTo("two");
            System.setProperty(name, "");
            assertThat(Settings.current().apply(name)).as("an empty value is no value").isNull();
        } finally {
            System.clearProperty(name);
        }
        assertThat(Settings.current().apply(name)).isNull();
    }
}
