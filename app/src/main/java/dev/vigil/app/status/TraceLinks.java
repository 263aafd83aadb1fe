package dev.vigil.app.status;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The trace of an alert's triggering event, from its W3C {@code traceparent}
 * ({@code version-traceid-parentid-flags}), and its address in the configured trace viewer
 * ({@code observability.tracing.ui_url}, a template with {@code {trace_id}}).
 */
public final class TraceLinks {
    public static final String PLACEHOLDER = "{trace_id}";

    private final String template;

    /** @param template the viewer's URL with {@value #PLACEHOLDER}, or null for no links */
    public TraceLinks(String template) {
        this.template = template;
    }

    /** The trace id (32 lower-case hex digits), or null when the traceparent is missing or malformed. */
    public static String traceId(String traceparent) {
        if (traceparent == null) {
            return null;
        }
        String[] fields = traceparent.split("-");
        if (fields.length < 4 || fields[1].length() != 32 || !fields[1].matches("[0-9a-f]{32}")
                || fields[1].equals("0".repeat(32))) {
            return null;
        }
        return fields[1];
    }

    /** The viewer's URL of this trace, or null without a template or a trace. */
    public String url(String traceId) {
        if (template == null || traceId == null) {
            return null;
        }
        return template.replace(PLACEHOLDER, URLEncoder.encode(traceId, StandardCharsets.UTF_8));
    }
}
