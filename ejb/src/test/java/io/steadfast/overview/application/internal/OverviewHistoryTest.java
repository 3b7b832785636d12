package io.steadfast.overview.application.internal;

import io.steadfast.overview.application.Overview;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OverviewHistoryTest {

    @Test
    void keepsTheLastPointsOldestFirst() {
        OverviewHistory<Integer> h = new OverviewHistory<>(60);
        IntStream.range(0, 75).forEach(h::add);
        assertThat(h.points()).hasSize(60).startsWith(15, 16).endsWith(73, 74);
    }

    @Test
    void aCopyIsNotChangedByLaterSamples() {
        OverviewHistory<Integer> h = new OverviewHistory<>(2);
        h.add(1);
        List<Integer> before = h.points();
        h.add(2);
        h.add(3);
        assertThat(before).containsExactly(1);
        assertThat(h.points()).containsExactly(2, 3);
    }

    @Test
    void refusesAnEmptyBuffer() {
        assertThatThrownBy(() -> new OverviewHistory<Integer>(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void disksOfflineAreLostWithTheirReasonTheOthersInService() {
        List<Overview.Disk> disks = OverviewSampler.disks(List.of("/v/disk-0", "/v/disk-1", "/v/disk-2"),
                List.of("disk 1 (/v/disk-1): directory /v/disk-1/segments is missing"));
        assertThat(disks).containsExactly(
                new Overview.Disk(0, "/v/disk-0", "IN_SERVICE", null),
                new Overview.Disk(1, "/v/disk-1", "LOST", "directory /v/disk-1/segments is missing"),
                new Overview.Disk(2, "/v/disk-2", "IN_SERVICE", null));
    }

    @Test
    void anOfflineDiskTheConfigurationDoesNotNameIsStillListed() {
        assertThat(OverviewSampler.disks(List.of(), List.of("disk 0 (/old): directory /old/segments is not writable")))
                .containsExactly(new Overview.Disk(0, "/old", "LOST", "directory /old/segments is not writable"));
    }
}
