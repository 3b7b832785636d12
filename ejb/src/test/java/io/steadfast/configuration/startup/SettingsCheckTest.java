package io.steadfast.configuration.startup;

import io.steadfast.operations.application.internal.OperationsBean;
import io.steadfast.payment.application.internal.IdempotencyJanitor;
import io.steadfast.scheduling.application.ScheduledTasks;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingsCheckTest {

    @Test
    void everyBadSettingIsNamedInOneNumberedMessage() {
        List<Supplier<?>> reads = List.of(() -> {
            throw new IllegalArgumentException("a must be a whole number from 1 to 2, not 'x'");
        }, () -> "fine", () -> {
            throw new IllegalArgumentException("b must be true or false, not 'yes'");
        });
        assertThatThrownBy(() -> SettingsCheck.check(reads))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("STEADFAST-CONFIG-0001")
                .hasMessageContaining("2 setting(s)")
                .hasMessageContaining("a must be a whole number from 1 to 2, not 'x'; b must be true or false, not 'yes'");
        assertThatCode(() -> SettingsCheck.check(List.of(() -> "fine"))).doesNotThrowAnyException();
    }

    /** Both once fell back to their default on a bad value, and the retention was raised to its minimum: now each is refused. */
    @Test
    void theRetentionAndTheRecoverTimeoutAreTakenExactlyOrRefused() {
        assertThat(IdempotencyJanitor.retention(name -> null)).isEqualTo(Duration.ofHours(24));
        assertThat(IdempotencyJanitor.retention(name -> "48")).isEqualTo(Duration.ofHours(48));
        assertThatThrownBy(() -> IdempotencyJanitor.retention(name -> "23"))
                .hasMessageContaining("steadfast.idempotency.retention-hours must be a whole number from 24");
        assertThat(OperationsBean.recoverTimeout(name -> null)).isEqualTo(Duration.ofSeconds(30));
        assertThatThrownBy(() -> OperationsBean.recoverTimeout(name -> "thirty"))
                .hasMessageContaining("steadfast.admin.recover-timeout-seconds must be a whole number from 1 to 3600, not 'thirty'");
    }

    /** Where the scheduled tasks' timers are made: local unless told, and a misspelt mode is refused rather than taken for local. */
    @Test
    void theSchedulerModeIsLocalOrSingletonAndNothingElse() {
        assertThat(ScheduledTasks.mode(name -> null)).isEqualTo(ScheduledTasks.Mode.LOCAL);
        assertThat(ScheduledTasks.mode(name -> " Singleton ")).isEqualTo(ScheduledTasks.Mode.SINGLETON);
        assertThatThrownBy(() -> ScheduledTasks.mode(name -> "singelton"))
                .hasMessageContaining("steadfast.scheduler must be local").hasMessageContaining("not 'singelton'");
    }
}
