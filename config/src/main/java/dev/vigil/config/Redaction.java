package dev.vigil.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which {@code kafka.properties} carry secrets, and how they are shown: as Kafka itself shows a
 * {@code PASSWORD}-typed config in its logs, {@value #HIDDEN}. Whatever prints the effective
 * configuration ({@code vigil check-config}) goes through here, so a password never reaches a terminal or
 * a log collector.
 *
 * <p>A secret key is one that ends with a key Kafka's clients declare as a password (so prefixed forms such
 * as {@code producer.ssl.key.password} or {@code listener.name.x.sasl.jaas.config} count too), or one
 * whose name says so: a word {@code password}, {@code passphrase} or {@code secret}, a last word
 * {@code token} or {@code key}, or {@code user.info} (Schema Registry's {@code basic.auth.user.info}).
 *
 * <p>Two things stay visible because they say where a secret comes from without being one: a value that is
 * only a config-provider reference ({@code ${file:/etc/vigil/kafka.properties:password}}), and in
 * {@code sasl.jaas.config} the login module and the options that are not secrets ({@code username}); the
 * secret options ({@code password}, {@code clientSecret}...) are hidden one by one unless they are
 * references.
 */
public final class Redaction {
    /** What a secret value is replaced with: Kafka's own rendering of a {@code PASSWORD} config. */
    public static final String HIDDEN = "[hidden]";

    /**
     * The client keys Kafka declares with type {@code PASSWORD} (producer, consumer, admin, Streams in
     * Kafka 4.4). A test in the app module checks this list against Kafka's own config definitions.
     */
    static final Set<String> KAFKA_PASSWORD_KEYS = Set.of(
            "sasl.jaas.config",
            "sasl.oauthbearer.assertion.private.key.passphrase",
            "sasl.oauthbearer.client.credentials.client.secret",
            "ssl.key.password",
            "ssl.keystore.certificate.chain",
            "ssl.keystore.key",
            "ssl.keystore.password",
            "ssl.truststore.certificates",
            "ssl.truststore.password");

    private static final Set<String> SECRET_WORDS = Set.of("password", "passwd", "passphrase", "secret");
    private static final Set<String> SECRET_LAST_WORDS = Set.of("token", "key");
    private static final Pattern WORD_SEPARATOR = Pattern.compile("[._\\-]");
    /** Kafka's variable syntax ({@code ConfigTransformer}): {@code ${provider:[path:]key}}. */
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{[^}]*?:[^}]*}");
    /** A JAAS option: a name, '=', then a double-quoted string or a bare word. */
    private static final Pattern JAAS_OPTION =
            Pattern.compile("([A-Za-z_][A-Za-z0-9_.\\-]*)(\\s*=\\s*)(\"(?:[^\"\\\\]|\\\\.)*\"|[^\\s;\"]+)");
    private static final Pattern JAAS_SECRET_OPTION =
            Pattern.compile("(?i).*(password|passphrase|secret|token|credential).*");

    private Redaction() {
    }

    /** Whether the value of this Kafka property is a secret. */
    public static boolean isSecretKey(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        for (String password : KAFKA_PASSWORD_KEYS) {
            if (k.equals(password) || k.endsWith("." + password)) {
                return true;
            }
        }
        if (k.endsWith("user.info") || k.endsWith("userinfo")) {
            return true;
        }
        String[] words = WORD_SEPARATOR.split(k);
        for (String word : words) {
            if (SECRET_WORDS.contains(word)) {
                return true;
            }
        }
        return SECRET_LAST_WORDS.contains(words[words.length - 1]);
    }

    /** The value as it may be shown: itself, or with its secrets replaced by {@value #HIDDEN}. */
    public static String kafkaProperty(String key, String value) {
        if (value == null || !isSecretKey(key) || isReference(value)) {
            return value;
        }
        if (key.toLowerCase(Locale.ROOT).endsWith("sasl.jaas.config")) {
            return jaas(value);
        }
        return HIDDEN;
    }

    /** {@link #kafkaProperty} applied to every entry; an unmodifiable map in the same order. */
    public static Map<String, String> kafkaProperties(Map<String, String> properties) {
        Map<String, String> out = new LinkedHashMap<>();
        properties.forEach((key, value) -> out.put(key, kafkaProperty(key, value)));
        return Collections.unmodifiableMap(out);
    }

    /** Whether the whole value is one config-provider reference, resolved by Kafka at start-up. */
    static boolean isReference(String value) {
        return REFERENCE.matcher(value.strip()).matches();
    }

    /**
     * A JAAS configuration with its secret options hidden. Anything that does not look like
     * {@code LoginModule flag name=value...;} is hidden whole: better nothing shown than a secret.
     */
    private static String jaas(String value) {
        Matcher m = JAAS_OPTION.matcher(value);
        StringBuilder out = new StringBuilder();
        boolean anyOption = false;
        while (m.find()) {
            anyOption = true;
            String optionValue = m.group(3);
            String unquoted = optionValue.startsWith("\"")
                    ? optionValue.substring(1, optionValue.length() - 1) : optionValue;
            boolean hide = JAAS_SECRET_OPTION.matcher(m.group(1)).matches() && !isReference(unquoted);
            m.appendReplacement(out, Matcher.quoteReplacement(
                    m.group(1) + m.group(2) + (hide ? "\"" + HIDDEN + "\"" : optionValue)));
        }
        m.appendTail(out);
        return anyOption ? out.toString() : HIDDEN;
    }
}
