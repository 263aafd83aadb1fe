package dev.vigil.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * Events that make Vigil expose a given number of series of its own: one {@code agent.call.completed}
 * (status ok, with its own {@code cost_usd}) for each combination of {@code agents} ×
 * {@link #CAPABILITIES} capabilities × {@link #MODELS} models. Per agent and model a call makes
 * these series (docs/metrics.md): {@code agent_call_total} one per capability, {@code
 * agent_call_latency_seconds} one (a histogram), {@code model_tokens_total} two (input, output),
 * {@code model_cost_usd_total} one; and per agent {@code agent_call_success_ratio} one per window
 * (only while the window holds the calls: the load's later event time empties it).
 */
final class SeriesSeed {
    static final int CAPABILITIES = 10;
    static final int MODELS = 5;
    /** Series per agent and model that do not depend on a window: capabilities + latency + 2 tokens + cost. */
    static final int LASTING_PER_AGENT_MODEL = CAPABILITIES + 4;
    /** The agents' names start with this, so their series are told apart from the load's. */
    static final String AGENT_PREFIX = "bench-series-agent-";
    /** A substring of every seeded series' sample line. */
    static final String MARKER = "agent_name=\"" + AGENT_PREFIX;

    /** How many agents, and what the calls make. */
    record Plan(int agents, int windows) {
        /** The fewest agents whose lasting series alone reach {@code series}. */
        static Plan forSeries(int series, int windows) {
            int perAgent = MODELS * LASTING_PER_AGENT_MODEL;
            return new Plan(Math.max(1, (series + perAgent - 1) / perAgent), windows);
        }

        long calls() {
            return (long) agents * CAPABILITIES * MODELS;
        }

        /** Series that stay whatever the stream time. */
        long lastingSeries() {
            return (long) agents * MODELS * LASTING_PER_AGENT_MODEL;
        }

        /** Every series the calls make while their windows hold them. */
        long series() {
            return lastingSeries() + (long) agents * windows;
        }

        /** The series of the metric with the most: {@code agent_call_total}, one per call. */
        long largestMetric() {
            return calls();
        }
    }

    private SeriesSeed() {
    }

    /**
     * Publishes the plan's calls, unthrottled, and waits for every acknowledgement.
     *
     * @param startMs the first call's event time; each next call is 1 ms later
     */
    static void publish(String bootstrap, String topic, Plan plan, long startMs) {
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<byte[], byte[]> producer = Producers.bulk(bootstrap, "bench-series-seed")) {
            long n = 0;
            for (int a = 0; a < plan.agents(); a++) {
                for (int c = 0; c < CAPABILITIES; c++) {
                    for (int m = 0; m < MODELS; m++) {
                        String callId = "bench-series-call-" + n;
                        Map<String, Object> data = new LinkedHashMap<>();
                        data.put("call_id", callId);
                        data.put("agent_name", AGENT_PREFIX + a);
                        data.put("capability", "bench-capability-" + c);
                        data.put("model_name", "bench-model-" + m);
                        data.put("status", "ok");
                        data.put("latency_ms", 50 + n % 2000);
                        data.put("input_tokens", 100 + n % 900);
                        data.put("output_tokens", 10 + n % 300);
                        data.put("cost_usd", 0.001);
                        producer.send(CloudEventRecords.binary(topic, callId, "series-" + callId,
                                "agent.call.completed", startMs + n, data), (metadata, e) -> {
                                    if (e != null) {
                                        failure.compareAndSet(null, e);
                                    }
                                });
                        n++;
                    }
                }
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("[scrape] a seed event could not be sent", failure.get());
        }
    }
}
