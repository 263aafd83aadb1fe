package dev.vigil.alerting;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Alert fingerprints and ids (docs/alerting.md, Alert events).
 *
 * <p>The fingerprint of an alert instance is the first 8 bytes of the SHA-256 of its rule name and
 * group labels, as 16 lowercase hex digits. The hashed bytes are the rule name, then each group label
 * sorted by name as name and value, every string preceded by its UTF-8 length (4 bytes, big-endian), so
 * that no two different label sets hash the same bytes, whatever characters the values hold. It
 * depends on nothing else (not on the group_by order, the rule's other fields or the Vigil version).
 *
 * <p>The id of a transition is {@code <fingerprint>-<sequence>}: the instance's transitions are
 * numbered from 1 (its first firing) up, so a re-sent transition carries the same id.
 */
final class Fingerprints {
    private Fingerprints() {
    }

    /** The fingerprint of the instance of {@code rule} for these group labels. */
    public static String of(String rule, Map<String, String> groupLabels) {
        SortedMap<String, String> sorted = new TreeMap<>(groupLabels);
        MessageDigest sha = sha256();
        update(sha, rule);
        for (Map.Entry<String, String> e : sorted.entrySet()) {
            update(sha, e.getKey());
            update(sha, e.getValue());
        }
        return hex(sha.digest(), 8);
    }

    /** The deterministic id of an instance's {@code sequence}-th transition. */
    public static String id(String fingerprint, long sequence) {
        return fingerprint + "-" + sequence;
    }

    /** The first 8 bytes of the SHA-256 of the UTF-8 text, as a long (big-endian). */
    static long hash64(String text) {
        byte[] d = sha256().digest(text.getBytes(StandardCharsets.UTF_8));
        long h = 0;
        for (int i = 0; i < 8; i++) {
            h = (h << 8) | (d[i] & 0xFF);
        }
        return h;
    }

    private static void update(MessageDigest sha, String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        int n = utf8.length;
        sha.update(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
        sha.update(utf8);
    }

    private static String hex(byte[] bytes, int count) {
        StringBuilder b = new StringBuilder(count * 2);
        for (int i = 0; i < count; i++) {
            b.append(Character.forDigit((bytes[i] >>> 4) & 0xF, 16)).append(Character.forDigit(bytes[i] & 0xF, 16));
        }
        return b.toString();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
