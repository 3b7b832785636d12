package io.steadfast.web;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiSettingsTest {

    @Test
    void defaultsAreA64KiBLimitAndNoBaselines() {
        assertThat(ApiSettings.from(name -> null)).isEqualTo(new ApiSettings(65536, false));
        assertThat(ApiSettings.from(Map.of(ApiSettings.MAX_BODY_BYTES, "1024", ApiSettings.BASELINES, "TRUE")::get))
                .isEqualTo(new ApiSettings(1024, true));
    }

    /** The filter once took a bad limit as the default without a word; now the web module does not start with it. */
    @Test
    void aLimitThatIsNotAWholeNumberInRangeIsRefused() {
        for (String bad : new String[] {"0", "-5", "64k", "67108865"}) {
            assertThatThrownBy(() -> ApiSettings.from(Map.of(ApiSettings.MAX_BODY_BYTES, bad)::get))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(ApiSettings.MAX_BODY_BYTES).hasMessageContaining("'" + bad + "'");
        }
        assertThatThrownBy(() -> ApiSettings.from(Map.of(ApiSettings.BASELINES, "1")::get))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(ApiSettings.BASELINES);
    }
}
