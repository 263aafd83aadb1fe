import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;

/**
 * The container's HEALTHCHECK: exit 0 when GET of the URL (default Vigil's /healthz) answers 2xx,
 * else 1. The JRE base image has neither curl nor wget, and the check should not need a package
 * manager in the runtime image, so it is this class, compiled in the build stage. It stands
 * alone (no logging library on its class path): Docker keeps what it prints to stderr as the
 * health log, which is where the reason for a failure belongs.
 */
public final class HealthCheck {
    private static final int TIMEOUT_MS = 3_000;

    private HealthCheck() {
    }

    public static void main(String[] args) {
        String url = args.length > 0 ? args[0] : "http://127.0.0.1:9090/healthz";
        System.exit(check(url) ? 0 : 1);
    }

    static boolean check(String url) {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
            connection.setConnectTimeout(TIMEOUT_MS);
            connection.setReadTimeout(TIMEOUT_MS);
            int status = connection.getResponseCode();
            connection.disconnect();
            if (status / 100 == 2) {
                return true;
            }
            System.err.println(url + " answered " + status);
            return false;
        } catch (IOException | IllegalArgumentException e) {
            System.err.println(url + " unreachable: " + e);
            return false;
        }
    }
}
