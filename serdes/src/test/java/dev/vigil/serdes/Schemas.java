package dev.vigil.serdes;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The JSON Schemas of {@code vigil/schemas/}, compiled once (networknt json-schema-validator 3.x). */
final class Schemas {

    static final String ROOT = "vigil/schemas/";
    static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final Map<String, Schema> CACHE = new ConcurrentHashMap<>();

    private Schemas() {
    }

    /** The schema of a CloudEvent type's data, e.g. {@code agent.pool.status}, or {@code vigil.alert}. */
    static Schema of(String name) {
        return CACHE.computeIfAbsent(name, n -> {
            String path = ROOT + n + ".schema.json";
            try (InputStream in = Schemas.class.getClassLoader().getResourceAsStream(path)) {
                if (in == null) {
                    throw new IllegalArgumentException("no schema " + path);
                }
                return REGISTRY.getSchema(in, InputFormat.JSON);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    static List<Error> validate(String name, String json) {
        return of(name).validate(json, InputFormat.JSON);
    }
}
