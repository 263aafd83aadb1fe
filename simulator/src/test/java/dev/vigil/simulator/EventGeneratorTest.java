package dev.vigil.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.simulator.ContractOracle.Verdict;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EventGeneratorTest {

    private static final long SEED = 20260101L;
    private static final int N = 20_000;
    /** Default mix plus too-large records (more often than by default) and invalid records reusing accepted ids. */
    private static final GeneratorOptions OPTS = GeneratorOptions.defaults()
            .withIncludeTooLarge(true).withTooLargeShare(0.0005).withReusedIdInvalidShare(0.05);
    private static final Set<String> TYPES = Arrays.stream(EventType.values()).map(EventType::type)
            .collect(Collectors.toSet());

    private static List<SimRecord> records;
    private static List<Verdict> verdicts;

    @BeforeAll
    static void generate() {
        records = EventGenerator.generate(SEED, OPTS, N);
        ContractOracle oracle = new ContractOracle(OPTS.maxEventBytes());
        verdicts = records.stream().map(r -> oracle.classify(r.value(), r.headers(), r.timestamp())).toList();
    }

    // ---------------------------------------------------------------------------------------------- determinism

    @Test
    void sameSeedGivesByteIdenticalRecords() {
        List<SimRecord> a = EventGenerator.generate(99L, GeneratorOptions.defaults(), 5_000);
        List<SimRecord> b = EventGenerator.generate(99L, GeneratorOptions.defaults(), 5_000);
        for (int i = 0; i < a.size(); i++) {
            assertThat(sameBytes(a.get(i), b.get(i))).as("record %d", i).isTrue();
            assertThat(a.get(i).timestamp()).isEqualTo(b.get(i).timestamp());
            assertThat(a.get(i).expected()).isEqualTo(b.get(i).expected());
        }
        // And with the options of this class, against the shared run.
        List<SimRecord> c = EventGenerator.generate(SEED, OPTS, 5_000);
        for (int i = 0; i < c.size(); i++) {
            assertThat(sameBytes(c.get(i), records.get(i))).as("record %d", i).isTrue();
        }
    }

    @Test
    void differentSeedGivesDifferentRecords() {
        List<SimRecord> a = EventGenerator.generate(99L, GeneratorOptions.defaults(), 5_000);
        List<SimRecord> b = EventGenerator.generate(100L, GeneratorOptions.defaults(), 5_000);
        long same = 0;
        for (int i = 0; i < a.size(); i++) {
            if (sameBytes(a.get(i), b.get(i))) {
                same++;
            }
        }
        assertThat(same).isZero();
        Set<String> idsA = a.stream().filter(r -> r.expected().valid()).map(r -> r.expected().id())
                .collect(Collectors.toSet());
        assertThat(b.stream().filter(r -> r.expected().valid()).map(r -> r.expected().id()))
                .noneMatch(idsA::contains);
    }

    @Test
    void startMovesTheClock() {
        Instant start = Instant.parse("2030-06-01T12:00:00Z");
        List<SimRecord> r = EventGenerator.generate(1L, GeneratorOptions.defaults().withStart(start), 500);
        assertThat(r).allSatisfy(x -> assertThat(x.timestamp()).isGreaterThanOrEqualTo(start.toEpochMilli()));
        assertThat(r.get(r.size() - 1).timestamp()).isLessThan(start.plus(Duration.ofHours(1)).toEpochMilli());
    }

    // ------------------------------------------------------------------------------------------------ the truth

    @Test
    void truthCoversEveryReasonTypeOutcomeAndMode() {
        TruthAccumulator acc = new TruthAccumulator(SEED);
        records.forEach(acc::add);
        GroundTruth t = acc.snapshot();

        assertThat(t.records()).isEqualTo(N);
        assertThat(t.seed()).isEqualTo(SEED);
        assertThat(t.dlqTotal().keySet()).containsExactlyInAnyOrder("not_cloudevent", "bad_json",
                "unsupported_specversion", "missing_attribute", "unknown_type", "invalid_data", "too_large",
                "time_in_future");
        assertThat(t.dlqTotal().values()).allSatisfy(v -> assertThat(v).isPositive());
        for (String type : TYPES) {
            assertThat(t.events(type, "accepted")).as(type).isPositive();
            assertThat(t.events(type, "invalid")).as(type).isPositive();
        }
        assertThat(t.events(Outcome.DUPLICATE)).isPositive();
        assertThat(t.eventsTotal().keySet()).containsExactlyInAnyOrderElementsOf(union(TYPES, Set.of("unknown")));
        assertThat(t.eventsTotal().get("unknown").keySet()).containsExactly("invalid");
        long sum = t.eventsTotal().values().stream().flatMap(m -> m.values().stream()).mapToLong(Long::longValue)
                .sum();
        assertThat(sum).isEqualTo(N);
        assertThat(t.dlqTotal().values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(t.events(Outcome.INVALID));
        assertThat(t.eventsTotal().values()).allSatisfy(m -> assertThat(m.values()).allMatch(v -> v > 0));

        // Both content modes (and headerless structured), read from the headers themselves.
        Map<String, Long> modes = new TreeMap<>();
        for (Verdict v : verdicts) {
            if (v.valid()) {
                modes.merge(v.mode(), 1L, Long::sum);
            }
        }
        assertThat(modes.keySet()).containsExactlyInAnyOrder("BINARY", "STRUCTURED", "STRUCTURED_HEADERLESS");
        // Bad records of each reason that applies to both modes come in both modes.
        for (String reason : List.of("bad_json", "unsupported_specversion", "missing_attribute", "unknown_type",
                "invalid_data")) {
            Set<String> m = verdicts.stream().filter(v -> v.reason().equals(reason)).map(Verdict::mode)
                    .collect(Collectors.toSet());
            assertThat(m).as(reason).contains("BINARY", "STRUCTURED");
        }
    }

    @Test
    void everyVerdictIsTheContractsAsReadIndependently() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < N; i++) {
            SimRecord r = records.get(i);
            Verdict v = verdicts.get(i);
            Expected e = r.expected();
            String what = "record " + i + " " + e + " vs " + v;
            assertThat(v.label()).as(what).isEqualTo(e.typeLabel());
            assertThat(v.mode()).as(what).isEqualTo(e.mode().name());
            if (!v.valid()) {
                assertThat(e.outcome()).as(what).isEqualTo(Outcome.INVALID);
                assertThat(v.reason()).as(what).isEqualTo(e.reason().label());
                continue;
            }
            boolean duplicate = !seen.add(v.source() + "\u0000" + v.id());
            assertThat(e.outcome()).as(what).isEqualTo(duplicate ? Outcome.DUPLICATE : Outcome.ACCEPTED);
            SimEvent ev = e.event();
            assertThat(v.source()).isEqualTo(ev.source());
            assertThat(v.id()).isEqualTo(ev.id());
            assertThat(v.type()).isEqualTo(ev.type().type());
            assertThat(v.data()).as(what).isEqualTo(ContractOracle.parse(Codec.json(ev.data())));
            if (ev.time() == null) {
                assertThat(v.time()).isNull();
            } else {
                assertThat(ContractOracle.instant(v.time())).isEqualTo(ev.time());
            }
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(ev.key());
        }
    }

    @Test
    void validRecordsAreWellFormedCloudEventsInTheirMode() {
        for (int i = 0; i < N; i++) {
            SimRecord r = records.get(i);
            if (!r.expected().valid()) {
                continue;
            }
            Verdict v = verdicts.get(i);
            assertThat(v.valid()).as("record %d: %s", i, v).isTrue();
            Map<String, String> h = headers(r.headers());
            switch (v.mode()) {
                case "BINARY" -> {
                    assertThat(h).containsEntry("ce_specversion", "1.0").containsKeys("ce_id", "ce_source",
                            "ce_type");
                    assertThat(h.getOrDefault("content-type", "application/json")).isEqualTo("application/json");
                    assertThat(ContractOracle.parse(r.value()).isObject()).isTrue();
                }
                case "STRUCTURED" -> {
                    assertThat(h.get("content-type")).startsWith("application/cloudevents+json");
                    JsonNode ev = ContractOracle.parse(r.value());
                    assertThat(ev.get("specversion").asText()).isEqualTo("1.0");
                    assertThat(ev.get("data").isObject()).isTrue();
                }
                default -> {
                    assertThat(r.headers()).isEmpty();
                    assertThat(ContractOracle.parse(r.value()).get("specversion").asText()).isEqualTo("1.0");
                }
            }
            assertThat(TYPES).contains(v.type());
        }
    }

    @Test
    void duplicatesAreByteIdenticalToAnEarlierAcceptedRecord() {
        Map<String, SimRecord> firstById = new HashMap<>();
        long duplicates = 0;
        long immediate = 0;
        long farBack = 0;
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < N; i++) {
            SimRecord r = records.get(i);
            Verdict v = verdicts.get(i);
            if (!v.valid()) {
                continue;
            }
            String id = v.source() + "\u0000" + v.id();
            SimRecord first = firstById.putIfAbsent(id, r);
            if (first == null) {
                position.put(id, i);
                continue;
            }
            duplicates++;
            assertThat(r.expected().outcome()).isEqualTo(Outcome.DUPLICATE);
            assertThat(sameBytes(r, first)).as("duplicate at %d", i).isTrue();
            int back = i - position.get(id);
            if (back <= 2) {
                immediate++;
            }
            if (back >= 100) {
                farBack++;
            }
        }
        assertThat(duplicates).isEqualTo(records.stream()
                .filter(r -> r.expected().outcome() == Outcome.DUPLICATE).count()).isPositive();
        assertThat(immediate).isPositive();
        assertThat(farBack).isPositive();
    }

    @Test
    void acceptedEventIdsAreUniqueAndBadRecordsNeverCopyAnything() {
        Set<String> ids = new HashSet<>();
        Set<List<Object>> values = new HashSet<>();
        for (int i = 0; i < N; i++) {
            SimRecord r = records.get(i);
            if (r.expected().outcome() == Outcome.ACCEPTED) {
                assertThat(ids.add(verdicts.get(i).source() + "/" + verdicts.get(i).id())).as("record %d", i)
                        .isTrue();
            }
        }
        for (SimRecord r : records) {
            if (r.expected().outcome() != Outcome.DUPLICATE && r.value() != null) {
                assertThat(values.add(List.of(ByteBuffer.wrap(r.value()), headers(r.headers()))))
                        .as("%s %s", new String(r.value(), java.nio.charset.StandardCharsets.UTF_8), r.expected()).isTrue();
            }
        }
    }

    @Test
    void invalidRecordsMayReuseAnAcceptedIdAndStayInvalid() {
        Set<String> accepted = new HashSet<>();
        long reused = 0;
        for (SimRecord r : records) {
            Expected e = r.expected();
            if (e.outcome() == Outcome.ACCEPTED) {
                accepted.add(e.source() + "/" + e.id());
            } else if (e.outcome() == Outcome.INVALID) {
                String id = attribute(r, "id");
                String source = attribute(r, "source");
                if (accepted.contains(source + "/" + id)) {
                    reused++;
                    assertThat(e.reason()).isEqualTo(DlqReason.INVALID_DATA);
                }
            }
        }
        assertThat(reused).isPositive();
    }

    @Test
    void recordsOfOneEntityShareItsKey() {
        Map<String, Set<String>> keysByTask = new HashMap<>();
        for (int i = 0; i < N; i++) {
            Verdict v = verdicts.get(i);
            if (!v.valid()) {
                continue;
            }
            String key = new String(records.get(i).key(), StandardCharsets.UTF_8);
            String entity = switch (v.type()) {
                case "agent.task.status_changed", "agent.step.status_changed" -> v.data().get("task_id").asText();
                // a call that names its task belongs with it (docs/events.md, Keys)
                case "agent.call.completed" -> v.data().hasNonNull("task_id") ? v.data().get("task_id").asText()
                        : v.data().get("call_id").asText();
                case "agent.lease.acquired", "agent.lease.released" -> v.data().get("lease_id").asText();
                default -> v.data().get("pool").asText();
            };
            assertThat(key).as("record %d", i).isEqualTo(entity);
            if (v.type().startsWith("agent.task") || v.type().startsWith("agent.step")
                    || v.type().equals("agent.call.completed") && v.data().hasNonNull("task_id")) {
                keysByTask.computeIfAbsent(v.data().get("task_id").asText(), k -> new HashSet<>()).add(key);
            }
        }
        assertThat(keysByTask).hasSizeGreaterThan(300);
        assertThat(keysByTask.values()).allSatisfy(keys -> assertThat(keys).hasSize(1));
    }

    @Test
    void outOfOrderPublicationOccursWithinEntities() {
        Map<String, List<String>> taskStatuses = new LinkedHashMap<>();
        Map<String, List<String>> stepStatuses = new LinkedHashMap<>();
        Map<String, List<String>> leaseEvents = new LinkedHashMap<>();
        Map<String, Instant> lastPoolTime = new HashMap<>();
        long poolOvertaken = 0;
        for (Verdict v : accepted()) {
            JsonNode d = v.data();
            switch (v.type()) {
                case "agent.task.status_changed" -> taskStatuses
                        .computeIfAbsent(d.get("task_id").asText(), k -> new ArrayList<>()).add(d.get("status").asText());
                case "agent.step.status_changed" -> stepStatuses
                        .computeIfAbsent(d.get("task_id").asText() + "/" + d.get("step_id").asText() + "/"
                                + d.path("attempt").asInt(1), k -> new ArrayList<>())
                        .add(d.get("status").asText());
                case "agent.lease.acquired", "agent.lease.released" -> leaseEvents
                        .computeIfAbsent(d.get("lease_id").asText(), k -> new ArrayList<>()).add(v.type());
                case "agent.pool.status" -> {
                    if (v.time() != null) {
                        Instant t = ContractOracle.instant(v.time());
                        Instant last = lastPoolTime.put(d.get("pool").asText(), t);
                        if (last != null && t.isBefore(last)) {
                            poolOvertaken++;
                        }
                    }
                }
                default -> {
                }
            }
        }
        Set<String> terminal = Set.of("succeeded", "failed", "cancelled", "timed_out");
        long terminalBeforeRunning = taskStatuses.values().stream().filter(s -> s.contains("running")
                && firstTerminal(s, terminal) >= 0 && firstTerminal(s, terminal) < s.indexOf("running")).count();
        long lateSubmitted = taskStatuses.values().stream()
                .filter(s -> s.contains("submitted") && s.indexOf("submitted") > 0).count();
        long stepTerminalBeforeRunning = stepStatuses.values().stream().filter(s -> s.contains("running")
                && firstTerminal(s, terminal) >= 0 && firstTerminal(s, terminal) < s.indexOf("running")).count();
        long releasedBeforeAcquired = leaseEvents.values().stream()
                .filter(s -> s.get(0).equals("agent.lease.released") && s.contains("agent.lease.acquired")).count();
        long secondTerminal = taskStatuses.values().stream()
                .filter(s -> s.stream().filter(terminal::contains).distinct().count() > 1).count();
        assertThat(terminalBeforeRunning).isPositive();
        assertThat(lateSubmitted).isPositive();
        assertThat(stepTerminalBeforeRunning).isPositive();
        assertThat(releasedBeforeAcquired).isPositive();
        assertThat(poolOvertaken).isPositive();
        assertThat(secondTerminal).isPositive();
        // Out of order is the exception: most tasks arrive in order.
        assertThat(terminalBeforeRunning).isLessThan(taskStatuses.size() / 10);
    }

    @Test
    void eventTimesFollowTheSimulatedClockAndAreLateByTenMinutesAtMost() {
        long start = OPTS.start().toEpochMilli();
        long previous = start;
        long farPast = 0;
        long withoutTime = 0;
        long late = 0;
        long beyondGrace = 0;
        for (int i = 0; i < N; i++) {
            SimRecord r = records.get(i);
            assertThat(r.timestamp()).isGreaterThanOrEqualTo(previous);
            previous = r.timestamp();
            Verdict v = verdicts.get(i);
            if (r.expected().outcome() != Outcome.ACCEPTED) {
                continue;
            }
            if (v.time() == null) {
                withoutTime++;
                continue;
            }
            long eventTime = ContractOracle.instant(v.time()).toEpochMilli();
            if (eventTime < start - Duration.ofDays(365L * 50).toMillis()) {
                // A broken producer clock (the hostile mix): a call report decades or centuries old.
                assertThat(v.type()).as("record %d", i).isEqualTo("agent.call.completed");
                farPast++;
                continue;
            }
            assertThat(eventTime).isBetween(start, r.timestamp());
            long delay = r.timestamp() - eventTime;
            if (delay > Duration.ofMinutes(4).toMillis()) {
                // Only call reports come later than grace (5 m), and at most 10 minutes late.
                assertThat(v.type()).as("record %d", i).isEqualTo("agent.call.completed");
                assertThat(delay).as("record %d", i).isBetween(Duration.ofMinutes(6).toMillis(),
                        Duration.ofMinutes(10).toMillis());
                beyondGrace++;
            }
            if (delay > 5_000) {
                late++;
            }
        }
        assertThat(withoutTime).isPositive();
        assertThat(farPast).isPositive();
        assertThat(late).isPositive();
        assertThat(beyondGrace).isPositive().isLessThan(late / 2);
        // A few ms to a few s per record.
        double perRecord = (double) (records.get(N - 1).timestamp() - start) / N;
        assertThat(perRecord).isBetween(5.0, 500.0);
    }

    @Test
    void theWorldIsStatefulAndVaried() {
        Set<String> taskStatuses = new TreeSet<>();
        Set<String> stepStatuses = new TreeSet<>();
        Set<String> reasons = new TreeSet<>();
        Set<String> models = new TreeSet<>();
        Set<String> agents = new TreeSet<>();
        Set<String> capabilities = new TreeSet<>();
        Set<String> pools = new TreeSet<>();
        Set<String> sources = new TreeSet<>();
        Set<String> acquired = new HashSet<>();
        Set<String> released = new HashSet<>();
        Set<String> open = new HashSet<>();
        int maxOpen = 0;
        long retries = 0;
        long withCost = 0;
        long withoutCost = 0;
        long withTtl = 0;
        long terminalWithDuration = 0;
        long terminalWithoutDuration = 0;
        long fractionalDuration = 0;
        long traced = 0;
        long withoutTaskId = 0;
        long callErrors = 0;
        Set<String> poolStates = new TreeSet<>();
        for (Verdict v : accepted()) {
            JsonNode d = v.data();
            sources.add(v.source());
            switch (v.type()) {
                case "agent.task.status_changed" -> {
                    String s = d.get("status").asText();
                    taskStatuses.add(s);
                    if (s.equals("submitted")) {
                        open.add(d.get("task_id").asText());
                    } else if (!s.equals("running")) {
                        open.remove(d.get("task_id").asText());
                        if (d.has("duration_ms")) {
                            terminalWithDuration++;
                            if (!d.get("duration_ms").isIntegralNumber()) {
                                fractionalDuration++;
                            }
                        } else {
                            terminalWithoutDuration++;
                        }
                    }
                    maxOpen = Math.max(maxOpen, open.size());
                }
                case "agent.step.status_changed" -> {
                    stepStatuses.add(d.get("status").asText());
                    agents.add(d.get("agent_name").asText());
                    capabilities.add(d.get("capability").asText());
                    if (d.path("attempt").asInt(1) > 1) {
                        retries++;
                    }
                }
                case "agent.call.completed" -> {
                    models.add(d.get("model_name").asText());
                    if (d.has("cost_usd")) {
                        withCost++;
                    } else {
                        withoutCost++;
                    }
                    if (!d.has("task_id")) {
                        withoutTaskId++;
                    }
                    if (d.get("status").asText().equals("error")) {
                        callErrors++;
                        assertThat(d.has("error_type")).isTrue();
                    }
                }
                case "agent.lease.acquired" -> {
                    acquired.add(d.get("lease_id").asText());
                    pools.add(d.get("pool").asText());
                    if (d.has("ttl_ms")) {
                        withTtl++;
                    }
                }
                case "agent.lease.released" -> {
                    released.add(d.get("lease_id").asText());
                    reasons.add(d.path("reason").asText("(absent)"));
                }
                default -> {
                    assertThat(d.get("capacity").asLong()).isPositive();
                    poolStates.add(d.path("state").asText("(absent)"));
                }
            }
        }
        for (SimRecord r : records) {
            SimEvent e = r.expected().event();
            if (e != null && e.traceparent() != null) {
                traced++;
                assertThat(e.traceparent()).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
            }
        }
        assertThat(taskStatuses).containsExactlyInAnyOrder("submitted", "running", "succeeded", "failed",
                "cancelled");
        assertThat(stepStatuses).containsExactlyInAnyOrder("queued", "running", "succeeded", "failed", "cancelled",
                "timed_out");
        assertThat(reasons).contains("released", "expired", "revoked", "(absent)");
        assertThat(models).containsExactlyInAnyOrderElementsOf(EventGenerator.modelNames());
        assertThat(agents).contains("planner", "coder", "researcher", "reviewer", "browser-agent");
        assertThat(capabilities).contains("plan", "code", "search", "browse", "review");
        assertThat(pools).containsExactlyInAnyOrder("browser", "gpu");
        assertThat(poolStates).contains("healthy", "degraded");
        assertThat(sources).contains("orchestrator", "orchestrator-eu");
        assertThat(maxOpen).as("tasks in flight at once").isGreaterThanOrEqualTo(20);
        assertThat(retries).isPositive();
        assertThat(withCost).isPositive();
        assertThat(withoutCost).isGreaterThan(withCost);
        assertThat(withoutTaskId).isPositive();
        assertThat(callErrors).isPositive();
        assertThat(withTtl).isPositive().isLessThan(acquired.size());
        assertThat(terminalWithDuration).isPositive();
        assertThat(terminalWithoutDuration).isPositive();
        assertThat(fractionalDuration).isPositive();
        assertThat(traced).isPositive();
        Set<String> neverReleased = new HashSet<>(acquired);
        neverReleased.removeAll(released);
        assertThat(neverReleased).isNotEmpty();
    }

    @Test
    void defaultMixHasTheDocumentedShares() {
        int n = 40_000;
        TruthAccumulator acc = new TruthAccumulator(7);
        long binary = 0;
        long headerless = 0;
        long valid = 0;
        EventGenerator g = new EventGenerator(7, GeneratorOptions.defaults());
        for (int i = 0; i < n; i++) {
            SimRecord r = g.next();
            acc.add(r);
            if (r.expected().valid()) {
                valid++;
                binary += r.expected().mode() == ContentMode.BINARY ? 1 : 0;
                headerless += r.expected().mode() == ContentMode.STRUCTURED_HEADERLESS ? 1 : 0;
            }
        }
        GroundTruth t = acc.snapshot();
        assertThat((double) t.events(Outcome.DUPLICATE) / n).isCloseTo(0.03, within(0.005));
        assertThat((double) t.events(Outcome.INVALID) / n).isCloseTo(0.02, within(0.005));
        assertThat(t.dlq("too_large")).isZero();
        assertThat((double) binary / valid).isCloseTo(0.5, within(0.02));
        assertThat((double) headerless / valid).isCloseTo(0.03, within(0.01));
        assertThat(g.produced()).isEqualTo(n);
    }

    @Test
    void tooLargeRecordsAreJustAboveTheLimit() {
        List<SimRecord> big = records.stream().filter(r -> r.expected().reason() == DlqReason.TOO_LARGE).toList();
        assertThat(big).isNotEmpty().allSatisfy(r -> {
            assertThat(r.valueSize()).isBetween((int) OPTS.maxEventBytes() + 1, (int) OPTS.maxEventBytes() + 1024);
            assertThat(r.expected().typeLabel()).isEqualTo("unknown");
        });
        assertThat(records.stream().filter(r -> r.expected().reason() != DlqReason.TOO_LARGE))
                .allSatisfy(r -> assertThat(r.valueSize()).isLessThanOrEqualTo((int) OPTS.maxEventBytes()));
    }

    @Test
    void optionsAreValidated() {
        GeneratorOptions d = GeneratorOptions.defaults();
        assertThatThrownBy(() -> d.withDuplicateShare(-0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withInvalidShare(1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withMaxEventBytes(1000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withBinaryShare(0.99)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withConcurrentTasks(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withDuplicateShare(0.5).withInvalidShare(0.5))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(d.start()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(d.maxEventBytes()).isEqualTo(1_048_576L);
        assertThat(d.includeTooLarge()).isFalse();
    }

    @Test
    void noShareMeansNoneOfThem() {
        GeneratorOptions clean = GeneratorOptions.defaults().withDuplicateShare(0).withInvalidShare(0)
                .withOutOfOrderShare(0).withMissingTimeShare(0);
        List<SimRecord> r = EventGenerator.generate(3L, clean, 5_000);
        assertThat(r).allSatisfy(x -> {
            assertThat(x.expected().outcome()).isEqualTo(Outcome.ACCEPTED);
            assertThat(x.expected().event().time()).isNotNull();
        });
    }

    // ----------------------------------------------------------------------------------------------- helpers

    private static List<Verdict> accepted() {
        List<Verdict> out = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            if (records.get(i).expected().outcome() == Outcome.ACCEPTED) {
                out.add(verdicts.get(i));
            }
        }
        return out;
    }

    private static int firstTerminal(List<String> statuses, Set<String> terminal) {
        for (int i = 0; i < statuses.size(); i++) {
            if (terminal.contains(statuses.get(i))) {
                return i;
            }
        }
        return -1;
    }

    /** An attribute read from the record itself (binary header or structured member), or null. */
    private static String attribute(SimRecord r, String name) {
        String h = ContractOracle.header(r.headers(), "ce_" + name);
        String ct = ContractOracle.header(r.headers(), "content-type");
        if (h != null && (ct == null || !ct.startsWith("application/cloudevents+json"))) {
            return h;
        }
        JsonNode n = r.value() == null ? null : ContractOracle.parse(r.value());
        return n != null && n.isObject() && n.has(name) ? n.get(name).asText() : null;
    }

    static boolean sameBytes(SimRecord a, SimRecord b) {
        if (!Arrays.equals(a.key(), b.key()) || !Arrays.equals(a.value(), b.value())
                || a.headers().size() != b.headers().size()) {
            return false;
        }
        for (int i = 0; i < a.headers().size(); i++) {
            Header x = a.headers().get(i);
            Header y = b.headers().get(i);
            if (!x.key().equals(y.key()) || !Arrays.equals(x.value(), y.value())) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, String> headers(List<Header> headers) {
        Map<String, String> m = new LinkedHashMap<>();
        headers.forEach(h -> m.put(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8)));
        return m;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> u = new HashSet<>(a);
        u.addAll(b);
        return u;
    }
}
