package dev.vigil.topology.ingest;

import dev.vigil.serdes.ParseResult;

/**
 * A parsed input record. The raw value is kept only for invalid records, which are dead-lettered
 * byte for byte; valid ones drop it so it can be collected early.
 */
public record Parsed(ParseResult result, byte[] rawValue) {
    public boolean valid() {
        return result instanceof ParseResult.Valid;
    }
}
