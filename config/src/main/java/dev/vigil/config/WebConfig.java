package dev.vigil.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The web configuration file of {@code http.web_config_file}, in the format Prometheus and its
 * exporters read (Prometheus' exporter-toolkit, {@code --web.config.file}), so that one file and
 * one habit serve Vigil and the exporters beside it:
 *
 * <pre>
 * tls_server_config:
 *   cert_file: server.pem          # relative paths are relative to this file's directory
 *   key_file: server-key.pem       # PKCS#8, PKCS#1 (RSA) or SEC1 (EC), unencrypted
 *   client_auth_type: RequireAndVerifyClientCert
 *   client_ca_file: ca.pem
 *   min_version: TLS12
 * basic_auth_users:
 *   prometheus: $2y$10$...          # bcrypt hash (htpasswd -nBC 10 "" | tr -d ':\n')
 * </pre>
 *
 * <p>Of the toolkit's keys Vigil reads the ones above plus {@code max_version}; any other key
 * (e.g. {@code cipher_suites}, {@code http_server_config}) is an error naming it, rather than a
 * setting silently not applied. Files named in it must be readable now; the PEM content itself is
 * read when the server starts.
 *
 * @param source         the file
 * @param tls            null: plain HTTP
 * @param basicAuthUsers user name → bcrypt hash; empty: no basic auth
 */
public record WebConfig(Path source, Tls tls, Map<String, String> basicAuthUsers) {

    public WebConfig {
        basicAuthUsers = basicAuthUsers == null ? Map.of()
                : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(basicAuthUsers));
    }

    /**
     * {@code tls_server_config}.
     *
     * @param minVersion the JSSE protocol name ({@code TLSv1.2} or {@code TLSv1.3})
     * @param maxVersion the JSSE protocol name, or null for the newest the JVM has
     */
    public record Tls(Path certFile, Path keyFile, ClientAuth clientAuth, Path clientCaFile, String minVersion,
                      String maxVersion) {
    }

    /** {@code client_auth_type}: the toolkit's names of Go's crypto/tls client-auth modes that verify a certificate. */
    public enum ClientAuth {
        /** No client certificate asked for (the default). */
        NO_CLIENT_CERT("NoClientCert"),
        /** A certificate is asked for; if one is sent it must verify against {@code client_ca_file}. */
        VERIFY_CLIENT_CERT_IF_GIVEN("VerifyClientCertIfGiven"),
        /** A certificate that verifies against {@code client_ca_file} is required. */
        REQUIRE_AND_VERIFY_CLIENT_CERT("RequireAndVerifyClientCert");

        private final String fileName;

        ClientAuth(String fileName) {
            this.fileName = fileName;
        }

        public String fileName() {
            return fileName;
        }
    }

    static final List<String> TOP_KEYS = List.of("tls_server_config", "basic_auth_users");
    static final List<String> TLS_KEYS = List.of("cert_file", "key_file", "client_auth_type", "client_ca_file",
            "min_version", "max_version");
    private static final Map<String, String> VERSIONS = Map.of("TLS12", "TLSv1.2", "TLS13", "TLSv1.3");
    /** Modular-crypt bcrypt: {@code $2a$}, {@code $2b$} or {@code $2y$}, a two-digit cost, 22 + 31 characters. */
    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$(\\d\\d)\\$[./A-Za-z0-9]{53}");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /**
     * Reads and validates the file.
     *
     * @throws ConfigException listing every problem, each naming the file and the key
     */
    public static WebConfig load(Path file) {
        List<String> errors = new ArrayList<>();
        WebConfig config = parse(file, errors);
        if (!errors.isEmpty()) {
            throw new ConfigException("invalid web configuration file " + file + ":\n  " + String.join("\n  ", errors),
                    errors);
        }
        return config;
    }

    /** As {@link #load}, adding problems (without the file name) to {@code errors}; null when it cannot be read. */
    static WebConfig parse(Path file, List<String> errors) {
        JsonNode root;
        try {
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                errors.add("'" + file + "' is not a readable file");
                return null;
            }
            root = YAML.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            errors.add("not valid YAML: " + e.getOriginalMessage());
            return null;
        } catch (IOException e) {
            errors.add("cannot read '" + file + "': " + e.getMessage());
            return null;
        }
        if (root == null || root.isNull() || root.isMissingNode()) {
            return new WebConfig(file, null, Map.of()); // an empty file: nothing configured, as the toolkit reads it
        }
        if (!root.isObject()) {
            errors.add("must be a mapping with tls_server_config and/or basic_auth_users, not " + shape(root));
            return null;
        }
        unknownKeys(root, "", TOP_KEYS, errors);
        Path directory = Optional.ofNullable(file.toAbsolutePath().getParent()).orElse(Path.of("."));
        Tls tls = root.hasNonNull("tls_server_config") ? tls(root.get("tls_server_config"), directory, errors) : null;
        Map<String, String> users = root.hasNonNull("basic_auth_users")
                ? users(root.get("basic_auth_users"), errors) : Map.of();
        return new WebConfig(file, tls, users);
    }

    private static Tls tls(JsonNode node, Path directory, List<String> errors) {
        String p = "tls_server_config";
        if (!node.isObject()) {
            errors.add(p + ": must be a mapping, not " + shape(node));
            return null;
        }
        unknownKeys(node, p + ".", TLS_KEYS, errors);
        Path cert = file(node, p, "cert_file", directory, true, errors);
        Path key = file(node, p, "key_file", directory, true, errors);
        ClientAuth clientAuth = ClientAuth.NO_CLIENT_CERT;
        String authName = text(node, p, "client_auth_type", errors);
        if (authName != null) {
            clientAuth = null;
            for (ClientAuth a : ClientAuth.values()) {
                if (a.fileName().equals(authName)) {
                    clientAuth = a;
                }
            }
            if (clientAuth == null) {
                errors.add(p + ".client_auth_type: '" + authName + "' is not one of NoClientCert, "
                        + "VerifyClientCertIfGiven, RequireAndVerifyClientCert (the modes that do not verify a "
                        + "certificate are not offered)");
            }
        }
        Path clientCa = file(node, p, "client_ca_file", directory, false, errors);
        if (clientCa == null && clientAuth != null && clientAuth != ClientAuth.NO_CLIENT_CERT
                && !node.hasNonNull("client_ca_file")) {
            errors.add(p + ".client_ca_file: required when client_auth_type is " + clientAuth.fileName());
        }
        String min = version(node, p, "min_version", errors);
        String max = version(node, p, "max_version", errors);
        if (min != null && max != null && min.compareTo(max) > 0) {
            errors.add(p + ".max_version: must not be older than min_version");
        }
        return new Tls(cert, key, clientAuth, clientCa, min == null ? "TLSv1.2" : min, max);
    }

    private static String version(JsonNode node, String p, String key, List<String> errors) {
        String name = text(node, p, key, errors);
        if (name == null) {
            return null;
        }
        String version = VERSIONS.get(name);
        if (version == null) {
            errors.add(p + "." + key + ": '" + name + "' is not one of TLS12, TLS13 (older versions are not offered)");
        }
        return version;
    }

    private static Map<String, String> users(JsonNode node, List<String> errors) {
        if (!node.isObject()) {
            errors.add("basic_auth_users: must be a mapping of user name to bcrypt hash, not " + shape(node));
            return Map.of();
        }
        Map<String, String> users = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> user = fields.next();
            String path = "basic_auth_users." + user.getKey();
            if (user.getKey().isEmpty() || user.getKey().contains(":")) {
                errors.add(path + ": a user name must be non-empty and without ':' (basic auth splits on it)");
                continue;
            }
            String hash = user.getValue().isTextual() ? user.getValue().asText() : null;
            Matcher m = hash == null ? null : BCRYPT.matcher(hash);
            if (m == null || !m.matches()) {
                errors.add(path + ": is not a bcrypt hash (e.g. $2y$10$ followed by 53 characters, as "
                        + "`htpasswd -nBC 10 \"\" | tr -d ':\\n'` prints it)");
                continue;
            }
            int cost = Integer.parseInt(m.group(1));
            if (cost < 4 || cost > 31) {
                errors.add(path + ": bcrypt cost " + cost + " is outside 4..31");
                continue;
            }
            users.put(user.getKey(), hash);
        }
        return users;
    }

    private static Path file(JsonNode node, String p, String key, Path directory, boolean required,
                             List<String> errors) {
        String name = text(node, p, key, errors);
        if (name == null) {
            if (required && !node.hasNonNull(key)) {
                errors.add(p + "." + key + ": required");
            }
            return null;
        }
        Path file = directory.resolve(name);
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            errors.add(p + "." + key + ": '" + file + "' is not a readable file");
            return null;
        }
        return file;
    }

    private static String text(JsonNode node, String p, String key, List<String> errors) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isValueNode() || value.asText().isBlank()) {
            errors.add(p + "." + key + ": must be a non-empty single value, not " + shape(value));
            return null;
        }
        return value.asText();
    }

    private static void unknownKeys(JsonNode node, String prefix, List<String> known, List<String> errors) {
        node.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                errors.add(prefix + name + ": unknown or unsupported key; Vigil reads " + String.join(", ", known)
                        + (prefix.isEmpty() ? "" : " here"));
            }
        });
    }

    private static String shape(JsonNode node) {
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isArray()) {
            return "a list";
        }
        return "'" + node.asText() + "'";
    }
}
