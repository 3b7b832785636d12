package io.steadfast.bench.e2e;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The end-to-end tool's parts that need no server: options, chart, report plumbing. */
class EndToEndPartsTest {

    private static Histogram latencies(long fromMicros, long toMicros) {
        Histogram h = new Histogram(3);
        for (long v = fromMicros; v <= toMicros; v += (toMicros - fromMicros) / 1000 + 1) {
            h.recordValue(v);
        }
        return h;
    }

    @Test
    void theChartIsWellFormedSvgWithOneRisingLinePerSeries() throws Exception {
        String svg = LatencyChart.svg("Latency <by> percentile", List.of(
                new LatencyChart.Series("XA & vault", latencies(2_000, 400_000)),
                new LatencyChart.Series("no-op", latencies(300, 20_000))));

        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        NodeList lines = doc.getElementsByTagName("polyline");
        assertThat(lines.getLength()).isEqualTo(2);
        for (int i = 0; i < lines.getLength(); i++) {
            String[] points = lines.item(i).getAttributes().getNamedItem("points").getNodeValue().split(" ");
            assertThat(points).hasSize(LatencyChart.PERCENTILES.length);
            double lastX = -1;
            double lastY = Double.MAX_VALUE;
            for (String p : points) {
                double x = Double.parseDouble(p.split(",")[0]);
                double y = Double.parseDouble(p.split(",")[1]);
                assertThat(x).isGreaterThanOrEqualTo(lastX);
                assertThat(y).as("higher percentiles are slower, so higher up (smaller y)").isLessThanOrEqualTo(lastY);
                lastX = x;
                lastY = y;
            }
        }
        assertThat(svg).contains("XA &amp; vault").contains("Latency &lt;by&gt; percentile");
    }

    @Test
    void aRunWithNothingChartedGivesASmallWellFormedSvg() throws Exception {
        String svg = LatencyChart.svg("Payment latency", List.of());
        DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertThat(svg).contains("no latencies measured").doesNotContain("polyline");
    }

    @Test
    void theXAxisGivesEachNineOneStep() {
        assertThat(LatencyChart.nines(0)).isEqualTo(0);
        assertThat(LatencyChart.nines(90)).isCloseTo(1, within(1e-9));
        assertThat(LatencyChart.nines(99)).isCloseTo(2, within(1e-9));
        assertThat(LatencyChart.nines(99.99)).isCloseTo(4, within(1e-9));
        assertThat(LatencyChart.nines(100)).isCloseTo(4, within(1e-9));
    }

    @Test
    void publishingReplacesOnlyItsSectionAndAppendsItWhenMissing() {
        String doc = "# P\nbefore\n<!-- e2e:begin -->\nold\n<!-- e2e:end -->\nafter\n";
        String once = Publisher.replace(doc, "e2e", "new table\n");
        assertThat(once).isEqualTo("# P\nbefore\n<!-- e2e:begin -->\nnew table\n<!-- e2e:end -->\nafter\n");
        assertThat(Publisher.replace(once, "e2e", "new table")).isEqualTo(once);
        assertThat(Publisher.replace("# P\n", "soak", "look")).isEqualTo("# P\n\n<!-- soak:begin -->\nlook\n<!-- soak:end -->\n");
    }

    @Test
    void forcesAreGroupedByLogNotByTransaction() {
        Path data = Path.of("/srv/wildfly/standalone/data");
        assertThat(Attribution.group(data, "/srv/wildfly/standalone/data/vault/disk-1/journal/steadfast-1/journal.log"))
                .isEqualTo("vault/disk-#/journal/steadfast-#/journal.log");
        assertThat(Attribution.group(data, "/srv/wildfly/standalone/data/tx-object-store/ShadowNoFileLockStore/defaultStore/"
                + "StateManager/BasicAction/TwoPhaseCoordinator/AtomicAction/0_ffff7f000001_-2b1f3c0e_6746a7f1_4a2"))
                .isEqualTo("tx-object-store/ShadowNoFileLockStore/defaultStore/StateManager/BasicAction/TwoPhaseCoordinator/AtomicAction/*");
        assertThat(Attribution.group(data, null)).isEqualTo("(unknown file)");
    }

    @Test
    void theHeapTrendIsALeastSquaresSlopeAfterTheFirstTwoMinutes() {
        long mib = 1024 * 1024;
        List<Soak.Look> steady = List.of(new Soak.Look(0, 400 * mib, 0, 0, 0, 0, 0), new Soak.Look(1, 90 * mib, 0, 0, 0, 0, 0),
                new Soak.Look(2, 100 * mib, 0, 0, 0, 0, 0), new Soak.Look(3, 102 * mib, 0, 0, 0, 0, 0),
                new Soak.Look(4, 104 * mib, 0, 0, 0, 0, 0), new Soak.Look(5, 106 * mib, 0, 0, 0, 0, 0));
        assertThat(Soak.heapSlope(steady)).as("the warm-up's 400 MiB is left out").isCloseTo(2.0, within(1e-9));
        assertThat(Soak.count("{\"rows\":{\"Payment\":12,\"IdempotencyRecord\":7}}", "IdempotencyRecord")).isEqualTo(7);
        assertThatThrownBy(() -> Soak.count("{}", "Payment")).hasMessageContaining("no Payment count");
    }

    @Test
    void managementAddressesAreParsedIntoTheModelsPairs() {
        assertThat(WildFlyServer.address("/subsystem=datasources/xa-data-source=SteadfastXADS").asString())
                .isEqualTo(org.jboss.as.controller.client.helpers.Operations.createAddress("subsystem", "datasources", "xa-data-source",
                        "SteadfastXADS").asString());
        assertThat(WildFlyServer.address("").asList()).isEmpty();
        assertThat(WildFlyServer.op("reload", "").get("operation").asString()).isEqualTo("reload");
        assertThatThrownBy(() -> WildFlyServer.address("/subsystem")).hasMessageContaining("'subsystem'");
    }

    @Test
    void optionsHaveDefaultsAndRefuseNonsenseWithAClearMessage() {
        EndToEnd.Options o = EndToEnd.Options.parse(new String[0]);
        assertThat(o.clients()).containsExactly(1, 8, 32);
        assertThat(o.rounds()).isEqualTo(3);
        assertThat(o.rows()).containsExactly("xa", "stack", "integrity", "durable", "store");
        assertThat(o.publish()).isFalse();
        assertThat(EndToEnd.Options.parse(new String[] {"--clients", "2,4", "--rows", "xa", "--publish", "--base", "http://h:1"}))
                .satisfies(p -> {
                    assertThat(p.clients()).containsExactly(2, 4);
                    assertThat(p.publish()).isTrue();
                    assertThat(p.base().toString()).isEqualTo("http://h:1/");
                });
        assertThatThrownBy(() -> EndToEnd.Options.parse(new String[] {"--clients", "0"})).hasMessageContaining("--clients")
                .hasMessageContaining("at least 1");
        assertThatThrownBy(() -> EndToEnd.Options.parse(new String[] {"--rows", "xa,speed"})).hasMessageContaining("speed");
        assertThatThrownBy(() -> EndToEnd.Options.parse(new String[] {"--seconds"})).hasMessageContaining("Missing required parameter for option '--seconds'");
        assertThatThrownBy(() -> EndToEnd.Options.parse(new String[] {"--fast", "1"})).hasMessageContaining("Unknown option").hasMessageContaining("'--fast'");
        assertThatThrownBy(() -> EndToEnd.Options.parse(new String[] {"--rounds", "3.5"})).hasMessageContaining("--rounds")
                .hasMessageContaining("3.5");
        assertThat(EndToEnd.Options.parse(new String[] {"--rows", "xa,database"}).rows()).containsExactly("xa", "database");
    }

    @Test
    void theXaPaymentIsNamedAfterItsDatabaseAndTheConnectionNeverShowsItsPassword() {
        assertThat(EndToEnd.xaOn("postgresql")).contains("PostgreSQL").isNotEqualTo(EndToEnd.xaOn("h2"));
        assertThat(EndToEnd.xaOn("h2")).contains("H2");
        assertThat(new WildFlyServer.Connection("jdbc:postgresql://h/db", "app", "s3cret-pw").toString())
                .contains("jdbc:postgresql://h/db").contains("app").doesNotContain("s3cret-pw");
    }

    @Test
    void heapGrowthIsAttributedToClassesFromTwoHistograms() {
        String before = "1234:\n num     #instances         #bytes  class name (module)\n----\n"
                + "   1:        100       1048576  [B (java.base@17.0.15)\n   2:         10          400  io.steadfast.vault.engine.RedundantStore$Loc\n";
        String after = "   1:        100       1048576  [B (java.base@17.0.15)\n   2:      26224      1048960  io.steadfast.vault.engine.RedundantStore$Loc\n"
                + "   3:          5           80  java.lang.String (java.base@17.0.15)\n";
        var b = Attribution.parseHistogram(before);
        assertThat(b).containsEntry("[B", 1048576L).containsEntry("io.steadfast.vault.engine.RedundantStore$Loc", 400L);
        String growth = Soak.growth(b, Attribution.parseHistogram(after), 1024);
        assertThat(growth).contains("+1.0 MiB in all").contains("io.steadfast.vault.engine.RedundantStore$Loc +1.0 MiB (1024 B/payment)")
                .doesNotContain("[B ");
    }
}
