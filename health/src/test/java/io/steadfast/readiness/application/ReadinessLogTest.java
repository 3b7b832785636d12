package io.steadfast.readiness.application;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReadinessLogTest {

    private final List<String> lines = new ArrayList<>();
    private final ReadinessLog log = new ReadinessLog((check, was) -> lines.add("up " + check + " was " + was));

    private void probe(Verdict v) {
        log.observe("c", v, reason -> lines.add("down " + reason));
    }

    @Test
    void aReasonIsLoggedOnceHoweverOftenItIsProbed() {
        probe(Verdict.down("disk on fire"));
        probe(Verdict.down("disk on fire"));
        probe(Verdict.down("disk on fire"));

        assertThat(lines).containsExactly("down disk on fire");
    }

    @Test
    void aChangedReasonAndTheWayBackAreLogged() {
        probe(Verdict.ready());
        probe(Verdict.down("a"));
        probe(Verdict.down("b"));
        probe(Verdict.ready());
        probe(Verdict.ready());

        assertThat(lines).containsExactly("down a", "down b", "up c was b");
    }

    @Test
    void checksAreTrackedApart() {
        log.observe("x", Verdict.down("same"), reason -> lines.add("x " + reason));
        log.observe("y", Verdict.down("same"), reason -> lines.add("y " + reason));

        assertThat(lines).containsExactly("x same", "y same");
    }
}
