package io.steadfast.payment.application.internal;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The janitor's settings: defaults, refusals that name the property, backoff and the attempts. */
class JanitorSettingsTest {

    private static final Instant NOW = Instant.parse("2026-11-26T04:00:00Z");

    private static JanitorSettings of(Map<String, String> properties) {
        return JanitorSettings.from(properties::get);
    }

    @Test
    void defaultsAreEveryMinuteTwoMinutesOldFiveAttemptsAMinuteDoubledToAnHour() {
        JanitorSettings s = of(Map.of());
        assertThat(s).isEqualTo(new JanitorSettings("0 * * * * *", Duration.ofSeconds(120), 5, Duration.ofSeconds(60), Duration.ofHours(1)));
        assertThat(s.scheduleExpression().getSecond()).isEqualTo("0");
        assertThat(s.scheduleExpression().getMinute()).isEqualTo("*");
        assertThat(s.scheduleExpression().getDayOfWeek()).isEqualTo("*");
    }

    @Test
    void propertiesAreRead() {
        JanitorSettings s = of(Map.of(JanitorSettings.SCHEDULE, " */2 * * * * * ", JanitorSettings.THRESHOLD, "8",
                JanitorSettings.MAX_ATTEMPTS, "3", JanitorSettings.BACKOFF, "1", JanitorSettings.BACKOFF_MAX, "2"));
        assertThat(s).isEqualTo(new JanitorSettings("*/2 * * * * *", Duration.ofSeconds(8), 3, Duration.ofSeconds(1), Duration.ofSeconds(2)));
        assertThat(s.scheduleExpression().getSecond()).isEqualTo("*/2");
    }

    @Test
    void aBadSettingIsRefusedNamingTheProperty() {
        assertThatThrownBy(() -> of(Map.of(JanitorSettings.SCHEDULE, "* * *")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("steadfast.janitor.schedule").hasMessageContaining("six fields");
        assertThatThrownBy(() -> of(Map.of(JanitorSettings.THRESHOLD, "two minutes")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("steadfast.janitor.threshold-seconds");
        assertThatThrownBy(() -> of(Map.of(JanitorSettings.MAX_ATTEMPTS, "-1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("steadfast.janitor.max-attempts");
        assertThatThrownBy(() -> of(Map.of(JanitorSettings.MAX_ATTEMPTS, "0")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("steadfast.janitor.max-attempts >= 1");
        assertThatThrownBy(() -> of(Map.of(JanitorSettings.BACKOFF, "0")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("steadfast.janitor.backoff-seconds >= 1");
        assertThatThrownBy(() -> of(Map.of(JanitorSettings.BACKOFF, "600", JanitorSettings.BACKOFF_MAX, "60")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("steadfast.janitor.backoff-max-seconds");
        assertThatThrownBy(() -> of(Map.of(JanitorSettings.BACKOFF_MAX, "99999999999")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("steadfast.janitor.backoff-max-seconds");
    }

    @Test
    void backoffDoublesAfterEachUnknownAnswerUpToTheCap() {
        JanitorSettings s = of(Map.of(JanitorSettings.BACKOFF, "60", JanitorSettings.BACKOFF_MAX, "300"));
        assertThat(s.backoffAfter(1)).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.backoffAfter(2)).isEqualTo(Duration.ofSeconds(120));
        assertThat(s.backoffAfter(3)).isEqualTo(Duration.ofSeconds(240));
        assertThat(s.backoffAfter(4)).as("capped").isEqualTo(Duration.ofSeconds(300));
        assertThat(s.backoffAfter(Integer.MAX_VALUE)).as("no overflow however many").isEqualTo(Duration.ofSeconds(300));
    }

    @Test
    void unknownAnswersCountAttemptsAndTheLastOneEscalates() {
        JanitorSettings s = of(Map.of(JanitorSettings.MAX_ATTEMPTS, "3", JanitorSettings.BACKOFF, "10", JanitorSettings.BACKOFF_MAX, "15"));
        assertThat(s.afterUnknown(0, NOW)).isEqualTo(new JanitorSettings.AfterUnknown(1, false, NOW.plusSeconds(10)));
        assertThat(s.afterUnknown(1, NOW)).isEqualTo(new JanitorSettings.AfterUnknown(2, false, NOW.plusSeconds(15)));
        assertThat(s.afterUnknown(2, NOW).escalate()).as("the third of three").isTrue();
        assertThat(s.afterUnknown(2, NOW).attempts()).isEqualTo(3);
        assertThat(of(Map.of(JanitorSettings.MAX_ATTEMPTS, "1")).afterUnknown(0, NOW).escalate()).as("one attempt only").isTrue();
    }
}
