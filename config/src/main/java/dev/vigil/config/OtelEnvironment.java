package dev.vigil.config;

import dev.vigil.config.Tree.MapNode;
import dev.vigil.config.Tree.Node;
import dev.vigil.config.Tree.ScalarNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The OpenTelemetry SDK's standard environment variables ({@code OTEL_*}, the OpenTelemetry
 * specification's "SDK environment variables" and "OTLP exporter configuration"), mapped onto
 * {@code observability.tracing}.
 *
 * <p>Applied to the defaults before the file and the {@code VIGIL_*} overrides are laid over them,
 * so a key the file (or a {@code VIGIL_*} variable) sets wins over the {@code OTEL_*} variable, and
 * the variable wins over the default: a platform can inject {@code OTEL_*} into every pod and a
 * Vigil configuration still says the last word. Doing this on the configuration tree, instead of
 * with the SDK's autoconfigure module, keeps one source of truth: {@code check-config} prints what
 * the variables made of the configuration, and errors name the variable.
 *
 * <p>Each value node remembers its variable as its origin, so a bad value is reported as
 * {@code OTEL_TRACES_SAMPLER_ARG: observability.tracing.sample_rate: ...}. Problems that are the
 * variable's own (an unknown sampler, a protocol Vigil does not speak, a malformed list) are
 * reported under the variable's name. Empty variables count as unset, as the specification says.
 */
final class OtelEnvironment {
    static final String SDK_DISABLED = "OTEL_SDK_DISABLED";
    static final String SERVICE_NAME = "OTEL_SERVICE_NAME";
    static final String RESOURCE_ATTRIBUTES = "OTEL_RESOURCE_ATTRIBUTES";
    static final String TRACES_EXPORTER = "OTEL_TRACES_EXPORTER";
    static final String TRACES_SAMPLER = "OTEL_TRACES_SAMPLER";
    static final String TRACES_SAMPLER_ARG = "OTEL_TRACES_SAMPLER_ARG";
    static final String ENDPOINT = "OTEL_EXPORTER_OTLP_ENDPOINT";
    static final String TRACES_ENDPOINT = "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT";
    static final String HEADERS = "OTEL_EXPORTER_OTLP_HEADERS";
    static final String TRACES_HEADERS = "OTEL_EXPORTER_OTLP_TRACES_HEADERS";
    static final String PROTOCOL = "OTEL_EXPORTER_OTLP_PROTOCOL";
    static final String TRACES_PROTOCOL = "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL";

    /** Every variable read here (docs/observability.md lists them). */
    static final List<String> READ = List.of(SDK_DISABLED, SERVICE_NAME, RESOURCE_ATTRIBUTES, TRACES_EXPORTER,
            TRACES_SAMPLER, TRACES_SAMPLER_ARG, ENDPOINT, TRACES_ENDPOINT, HEADERS, TRACES_HEADERS, PROTOCOL,
            TRACES_PROTOCOL);

    /** The only OTLP protocol Vigil's exporter speaks (the JDK's HTTP client; no gRPC stack). */
    static final String HTTP_PROTOBUF = "http/protobuf";
    /** The specification's default OTLP/HTTP traces endpoint, for {@code OTEL_TRACES_EXPORTER=otlp} alone. */
    static final String DEFAULT_TRACES_ENDPOINT = "http://localhost:4318/v1/traces";
    private static final String TRACES_PATH = "/v1/traces";

    private final Map<String, String> env;
    private final List<String> errors;
    private final MapNode tracing;

    private OtelEnvironment(Map<String, String> env, List<String> errors, MapNode tracing) {
        this.env = env;
        this.errors = errors;
        this.tracing = tracing;
    }

    /** Lays the variables in {@code env} over {@code defaults}' {@code observability.tracing}. */
    static void apply(MapNode defaults, Map<String, String> env, List<String> errors) {
        if (env == null) {
            return;
        }
        MapNode observability = ((MapNode) defaults.get("observability")).copy();
        defaults.put("observability", observability, null);
        MapNode tracing = ((MapNode) observability.get("tracing")).copy();
        observability.put("tracing", tracing, null);
        new OtelEnvironment(env, errors, tracing).apply();
    }

    private void apply() {
        protocol();
        boolean exporting = exporter();
        exporting |= endpoint();
        if (exporting) {
            // What the SDK does: an OTLP endpoint, or an exporter, means spans are to be exported.
            set("enabled", "true", origin(TRACES_EXPORTER, TRACES_ENDPOINT, ENDPOINT));
        }
        if (value(SDK_DISABLED) != null && value(SDK_DISABLED).equalsIgnoreCase("true")) {
            // The specification: only "true" disables; anything else leaves the SDK on.
            set("enabled", "false", SDK_DISABLED);
        }
        sampler();
        resource();
        headers();
    }

    /** {@code OTEL_TRACES_EXPORTER}; true when it asks for spans to be exported. */
    private boolean exporter() {
        String value = value(TRACES_EXPORTER);
        if (value == null) {
            return false;
        }
        String exporter = value.strip().toLowerCase(Locale.ROOT);
        switch (exporter) {
            case "otlp":
                set("exporter", "otlp", TRACES_EXPORTER);
                if (value(TRACES_ENDPOINT) == null && value(ENDPOINT) == null) {
                    set("endpoint", DEFAULT_TRACES_ENDPOINT, TRACES_EXPORTER);
                }
                return true;
            case "console":
            case "logging": // the specification's former name of console
                set("exporter", "logging", TRACES_EXPORTER);
                return true;
            case "none":
                set("exporter", "none", TRACES_EXPORTER);
                return false;
            default:
                errors.add(TRACES_EXPORTER + ": '" + value + "' is not an exporter Vigil has (one of otlp, console,"
                        + " logging, none" + (exporter.contains(",") ? "; Vigil exports spans to one exporter" : "")
                        + ")");
                return false;
        }
    }

    /**
     * {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}, used as it is, or else
     * {@code OTEL_EXPORTER_OTLP_ENDPOINT} with {@code /v1/traces} appended to its path (the
     * specification's rule for OTLP/HTTP); true when either is set.
     */
    private boolean endpoint() {
        String traces = value(TRACES_ENDPOINT);
        if (traces != null) {
            set("endpoint", traces.strip(), TRACES_ENDPOINT);
        } else if (value(ENDPOINT) != null) {
            String base = value(ENDPOINT).strip();
            set("endpoint", (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + TRACES_PATH,
                    ENDPOINT);
        } else {
            return false;
        }
        if (value(TRACES_EXPORTER) != null && !value(TRACES_EXPORTER).strip().equalsIgnoreCase("otlp")) {
            // OTEL_TRACES_EXPORTER=none (or console) with an endpoint: the exporter variable decides.
            return false;
        }
        set("exporter", "otlp", traces != null ? TRACES_ENDPOINT : ENDPOINT);
        return true;
    }

    /** The signal-specific protocol, else the general one; Vigil speaks http/protobuf only. */
    private void protocol() {
        String name = value(TRACES_PROTOCOL) != null ? TRACES_PROTOCOL : PROTOCOL;
        String value = value(name);
        if (value != null && !value.strip().equals(HTTP_PROTOBUF)) {
            errors.add(name + ": '" + value + "' is not supported: Vigil exports OTLP over " + HTTP_PROTOBUF
                    + " only (collectors receive it on port 4318); set " + name + "=" + HTTP_PROTOBUF
                    + " or leave it unset");
        }
    }

    /**
     * {@code OTEL_TRACES_SAMPLER} and {@code OTEL_TRACES_SAMPLER_ARG} onto {@code sampler} and
     * {@code sample_rate}. The always_* samplers are ratio samplers at 1 or 0. The argument alone
     * sets the ratio: Vigil's default sampler is {@code parentbased_traceidratio}, which takes one.
     */
    private void sampler() {
        String value = value(TRACES_SAMPLER);
        String arg = value(TRACES_SAMPLER_ARG);
        if (value == null) {
            if (arg != null) {
                set("sample_rate", arg.strip(), TRACES_SAMPLER_ARG);
            }
            return;
        }
        String sampler = value.strip().toLowerCase(Locale.ROOT);
        switch (sampler) {
            case "always_on" -> sampler(VigilConfig.Tracing.RATIO, "1.0");
            case "always_off" -> sampler(VigilConfig.Tracing.RATIO, "0.0");
            case "parentbased_always_on" -> sampler(VigilConfig.Tracing.PARENT_BASED, "1.0");
            case "parentbased_always_off" -> sampler(VigilConfig.Tracing.PARENT_BASED, "0.0");
            case "traceidratio", "parentbased_traceidratio" -> {
                set("sampler", sampler, TRACES_SAMPLER);
                // The specification's default argument of the ratio samplers.
                set("sample_rate", arg == null ? "1.0" : arg.strip(), arg == null ? TRACES_SAMPLER : TRACES_SAMPLER_ARG);
            }
            default -> errors.add(TRACES_SAMPLER + ": '" + value + "' is not a sampler Vigil has (always_on,"
                    + " always_off, traceidratio, parentbased_always_on, parentbased_always_off,"
                    + " parentbased_traceidratio)");
        }
    }

    private void sampler(String sampler, String rate) {
        set("sampler", sampler, TRACES_SAMPLER);
        set("sample_rate", rate, TRACES_SAMPLER);
    }

    /**
     * {@code OTEL_RESOURCE_ATTRIBUTES} onto {@code resource_attributes}; its {@code service.name}
     * goes to {@code service_name}, which {@code OTEL_SERVICE_NAME} sets in preference (the
     * specification's order).
     */
    private void resource() {
        Map<String, String> attributes = list(RESOURCE_ATTRIBUTES);
        if (attributes != null) {
            String serviceName = attributes.remove("service.name");
            if (serviceName != null && !serviceName.isEmpty()) {
                set("service_name", serviceName, RESOURCE_ATTRIBUTES);
            }
            setMap("resource_attributes", attributes, RESOURCE_ATTRIBUTES);
        }
        String name = value(SERVICE_NAME);
        if (name != null) {
            set("service_name", name.strip(), SERVICE_NAME);
        }
    }

    /** The signal-specific headers, else the general ones (the specification: one replaces the other). */
    private void headers() {
        String name = value(TRACES_HEADERS) != null ? TRACES_HEADERS : HEADERS;
        Map<String, String> headers = list(name);
        if (headers != null) {
            setMap("headers", headers, name);
        }
    }

    /**
     * A {@code key1=value1,key2=value2} list as the specification writes headers and resource
     * attributes (the W3C Baggage format without properties): keys and values trimmed, values
     * percent-decoded; null when the variable is unset or malformed (then reported).
     */
    Map<String, String> list(String name) {
        String value = value(name);
        if (value == null) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String member : value.split(",", -1)) {
            if (member.isBlank()) {
                continue;
            }
            int eq = member.indexOf('=');
            String key = eq < 0 ? "" : member.substring(0, eq).strip();
            if (key.isEmpty()) {
                errors.add(name + ": '" + member.strip() + "' is not key=value (the list is key1=value1,key2=value2)");
                return null;
            }
            String decoded = percentDecode(member.substring(eq + 1).strip());
            if (decoded == null) {
                errors.add(name + ": the value of '" + key + "' has a malformed %-escape (values are URL-encoded)");
                return null;
            }
            out.put(key, decoded);
        }
        return out;
    }

    /**
     * %XX escapes decoded as UTF-8; unlike {@link java.net.URLDecoder}, a {@code +} stays a plus
     * (the list is percent-encoded, not a form). Null for a malformed escape.
     */
    static String percentDecode(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                if (i + 2 >= text.length()) {
                    return null;
                }
                int hi = Character.digit(text.charAt(i + 1), 16);
                int lo = Character.digit(text.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else {
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < text.length()) {
                    utf8 = text.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                bytes.writeBytes(utf8);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** The variable's value; null when unset or empty (the specification treats both alike). */
    private String value(String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value;
    }

    /** The first of {@code names} that is set: which variable made a value. */
    private String origin(String... names) {
        for (String name : names) {
            if (value(name) != null) {
                return name;
            }
        }
        return names[0];
    }

    private void set(String key, String value, String origin) {
        tracing.put(key, ScalarNode.string(value, origin), origin);
    }

    private void setMap(String key, Map<String, String> entries, String origin) {
        MapNode map = new MapNode(origin);
        entries.forEach((k, v) -> map.put(k, (Node) ScalarNode.string(v, origin), origin));
        tracing.put(key, map, origin);
    }
}
