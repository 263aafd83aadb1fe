package dev.vigil.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class PriceCatalogueTest {
    @Test
    void theShippedCatalogueLoadsWithEveryEntryDatedAndSourced() {
        PriceCatalogue c = PriceCatalogue.standard();
        assertThat(c.entries()).isNotEmpty();
        Set<String> names = new HashSet<>();
        for (PriceCatalogue.Entry e : c.entries()) {
            assertThat(e.source()).as(e.model()).startsWith("https://");
            assertThat(e.checked()).as(e.model()).isNotNull();
            assertThat(e.price().cachedInputPerMtok()).as(e.model()).isNotNull();
            assertThat(names.add(e.model())).as("unique: %s", e.model()).isTrue();
            e.aliases().forEach(a -> assertThat(names.add(a)).as("unique: %s", a).isTrue());
        }
        assertThat(c.oldestCheck()).isNotNull();
    }

    private static final String OK = "\"vendor\": \"v\", \"input_per_mtok\": 1, \"output_per_mtok\": 1, "
            + "\"cached_input_per_mtok\": 1, \"checked\": \"2026-01-01\", \"source\": \"s\"";

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("{\"entries\": []}", "'entries' must be a non-empty list"),
                Arguments.of("{\"entries\": [{\"vendor\": \"v\"}]}", "an entry: 'model' must be a non-empty string"),
                Arguments.of("{\"entries\": [{\"model\": \"m\", " + OK.replace("\"input_per_mtok\": 1", "\"input_per_mtok\": -1") + "}]}",
                        "entry 'm': 'input_per_mtok' must be a finite number >= 0"),
                Arguments.of("{\"entries\": [{\"model\": \"m\", " + OK.replace("\"output_per_mtok\": 1", "\"output_per_mtok\": \"1\"") + "}]}",
                        "entry 'm': 'output_per_mtok' must be a finite number >= 0"),
                Arguments.of("{\"entries\": [{\"model\": \"m\", " + OK.replace("2026-01-01", "January") + "}]}",
                        "entry 'm': 'checked' must be a date"),
                Arguments.of("{\"entries\": [{\"model\": \"m\", " + OK.replace(", \"source\": \"s\"", "") + "}]}",
                        "entry 'm': 'source' must be a non-empty string"),
                Arguments.of("{\"entries\": [{\"model\": \"m\", " + OK + "}, {\"model\": \"n\", \"aliases\": [\"m\"], " + OK + "}]}",
                        "entry 'n': the name 'm' is also entry 'm'"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("malformed")
    void aMalformedCatalogueFailsNamingTheEntryAndField(String json, String message) {
        assertThatThrownBy(() -> PriceCatalogue.parse(JsonMapper.builder().build().readTree(json)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(message);
    }
}
