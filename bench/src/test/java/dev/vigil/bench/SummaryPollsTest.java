package dev.vigil.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** --summary-poll: what each drain runs with. */
class SummaryPollsTest {
    @Test
    void settingsKeepTheirOrderAndRepeatsAreNumbered() {
        SummaryPolls polls = SummaryPolls.parse(List.of("off", "2s", " 0.2s", "200ms", "off"));
        assertThat(polls.given()).isTrue();
        assertThat(polls.polls()).extracting(SummaryPolls.Poll::interval).containsExactly(
                null, Duration.ofSeconds(2), Duration.ofMillis(200), Duration.ofMillis(200), null);
        assertThat(polls.polls()).extracting(SummaryPolls.Poll::label).containsExactly("off", "2s", "0.2s", "0.2s", "off");
        assertThat(polls.polls()).extracting(SummaryPolls.Poll::suffix)
                .containsExactly("", "_poll_2s", "_poll_0.2s", "_poll_0.2s_run2", "_off_run2");
    }

    @Test
    void aWarmUpDrainIsOffButNotCompared() {
        SummaryPolls polls = SummaryPolls.parse(List.of("warmup", "off", "2s", "off"));
        assertThat(polls.polls()).extracting(SummaryPolls.Poll::warmup).containsExactly(true, false, false, false);
        assertThat(polls.polls()).extracting(SummaryPolls.Poll::suffix).containsExactly("_warmup", "", "_poll_2s", "_off_run2");
        assertThat(polls.polls()).extracting(SummaryPolls.Poll::label).containsExactly("warmup", "off", "2s", "off");
        assertThatThrownBy(() -> SummaryPolls.parse(List.of("warmup", "2s"))).hasMessageContaining("include off");
    }

    @Test
    void withoutTheOptionNobodyPolls() {
        assertThat(SummaryPolls.parse(List.of()).given()).isFalse();
        assertThat(SummaryPolls.none().polls()).singleElement().satisfies(p -> assertThat(p.off()).isTrue());
    }

    @Test
    void badSettingsAreRefusedNamingTheOption() {
        assertThatThrownBy(() -> SummaryPolls.parse(List.of("off", "2"))).hasMessageContaining("--summary-poll: '2'");
        assertThatThrownBy(() -> SummaryPolls.parse(List.of("off", "fast"))).hasMessageContaining("'fast'");
        assertThatThrownBy(() -> SummaryPolls.parse(List.of("off", "5ms"))).hasMessageContaining("shorter than 10ms");
        assertThatThrownBy(() -> SummaryPolls.parse(List.of("2s"))).hasMessageContaining("include off");
    }
}
