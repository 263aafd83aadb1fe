package dev.vigil.config;

import java.nio.file.Path;
import java.util.Map;

/** Loads {@link VigilConfig} from YAML plus {@code VIGIL_<PATH>} environment overrides. */
public final class ConfigLoader {
    private ConfigLoader() {
    }

    /** Every key defaulted. */
    public static VigilConfig defaults() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * @param file the YAML file, or null for defaults only
     * @param env  the environment (System.getenv() in production)
     * @throws ConfigException naming the key, for unknown keys and bad values
     */
    public static VigilConfig load(Path file, Map<String, String> env) {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
