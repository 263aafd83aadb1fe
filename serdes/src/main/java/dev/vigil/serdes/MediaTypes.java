package dev.vigil.serdes;

/** Media-type tests of docs/events.md, case-insensitive and ignoring parameters. */
final class MediaTypes {

    /** The structured-mode content type of the CloudEvents JSON format. */
    static final String CLOUDEVENTS_JSON = "application/cloudevents+json";
    static final String APPLICATION_JSON = "application/json";
    private static final String JSON_SUFFIX = "+json";

    private MediaTypes() {
    }

    /** {@code type/subtype} without parameters and surrounding blanks. */
    static String essence(String contentType) {
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).trim();
    }

    /** {@code application/cloudevents+json} with any parameters, in any case. */
    static boolean isStructuredCloudEvents(String contentType) {
        return contentType != null && essence(contentType).equalsIgnoreCase(CLOUDEVENTS_JSON);
    }

    /**
     * Whether a {@code datacontenttype} declares JSON data: {@code application/json} or a media type
     * with the {@code +json} structured-syntax suffix (RFC 6839), with any parameters, in any case.
     * Absent ({@code null}) counts as JSON; the caller decides that.
     */
    static boolean isJson(String contentType) {
        String mt = essence(contentType);
        if (mt.equalsIgnoreCase(APPLICATION_JSON)) {
            return true;
        }
        int slash = mt.indexOf('/');
        int suffixAt = mt.length() - JSON_SUFFIX.length();
        return slash > 0 && suffixAt > slash + 1 && mt.indexOf('/', slash + 1) < 0
                && mt.regionMatches(true, suffixAt, JSON_SUFFIX, 0, JSON_SUFFIX.length());
    }
}
