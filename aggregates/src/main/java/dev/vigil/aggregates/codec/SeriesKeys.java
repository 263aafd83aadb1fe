package dev.vigil.aggregates.codec;

import dev.vigil.serdes.binary.ByteReader;

import dev.vigil.serdes.binary.ByteWriter;

import dev.vigil.aggregates.metric.Metric;
import dev.vigil.aggregates.series.SeriesKey;

import java.util.ArrayList;
import java.util.List;

/**
 * The compact binary form of a series key inside a {@link SeriesBatchCodec} record: the metric's
 * stable id (varint), the number of label values (varint), each value UTF-8 length-prefixed. (The
 * store key is the text form, {@link SeriesKey#encode()}.)
 */
final class SeriesKeys {
    private SeriesKeys() {
    }

    static void write(ByteWriter out, SeriesKey key) {
        out.writeVarLong(key.metric().id()).writeVarLong(key.labelValues().size());
        for (String v : key.labelValues()) {
            out.writeString(v);
        }
    }

    static SeriesKey read(ByteReader in) {
        long id = in.readVarLong();
        Metric metric = id > Integer.MAX_VALUE ? null : Metric.fromId((int) id).orElse(null);
        if (metric == null) {
            throw in.bad("unknown metric id " + id);
        }
        int n = in.readLength();
        if (n != metric.keyLabels().size()) {
            throw in.bad(metric.metricName() + " has " + metric.keyLabels().size() + " labels, not " + n);
        }
        List<String> values = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            values.add(in.readString());
        }
        try {
            return new SeriesKey(metric, values);
        } catch (IllegalArgumentException e) {
            throw in.bad(e.getMessage());
        }
    }
}
