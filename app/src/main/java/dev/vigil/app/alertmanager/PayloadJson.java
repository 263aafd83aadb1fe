package dev.vigil.app.alertmanager;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The body of {@code POST /api/v2/alerts}: a JSON array of alerts, times in RFC 3339. */
final class PayloadJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PayloadJson() {
    }

    static byte[] write(List<PostableAlert> alerts) {
        List<Map<String, Object>> out = alerts.stream().map(PayloadJson::view).toList();
        try {
            return JSON.writeValueAsBytes(out);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write alerts as JSON", e);
        }
    }

    private static Map<String, Object> view(PostableAlert a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("labels", a.labels());
        m.put("annotations", a.annotations());
        m.put("startsAt", a.startsAt().toString());
        m.put("endsAt", a.endsAt().toString());
        m.put("generatorURL", a.generatorURL());
        return m;
    }
}
