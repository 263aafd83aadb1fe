package dev.vigil.simulator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * A seeded, infinite stream of Kafka records from a simulated agent platform, each with what Vigil must make of it.
 * Pure: no I/O, no wall clock, no shared randomness; the same seed and options give byte-identical records.
 *
 * <p>Most records are the platform's valid events ({@link World}); a share are exact re-sends of an earlier valid
 * record (duplicates), a share are bad records of every dead-letter reason, and, when enabled, a rare share are
 * larger than {@link GeneratorOptions#maxEventBytes()}. Not thread-safe.
 */
public final class EventGenerator implements Iterator<SimRecord> {

    private static final int RECENT = 1024;

    private final GeneratorOptions opts;
    private final Rand rnd;
    private final World world;
    private final BadRecords bad;
    private final SimRecord[] recent = new SimRecord[RECENT];
    private int recentCount;
    private int recentNext;
    private long produced;

    public EventGenerator(long seed, GeneratorOptions opts) {
        this.opts = Objects.requireNonNull(opts, "opts");
        this.rnd = new Rand(seedFor(seed, 0));
        this.world = new World(new Rand(seedFor(seed, 1)), opts);
        this.bad = new BadRecords(new Rand(seedFor(seed, 2)), opts);
    }

    /** The first {@code n} records of a seed. */
    /** The model names the simulated calls use. */
    public static List<String> modelNames() {
        return Vocabulary.MODELS.stream().map(Vocabulary.Model::name).toList();
    }

    public static List<SimRecord> generate(long seed, GeneratorOptions opts, int n) {
        EventGenerator g = new EventGenerator(seed, opts);
        List<SimRecord> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(g.next());
        }
        return out;
    }

    private static long seedFor(long seed, long stream) {
        // Independent streams for the world and the bad records, so tuning one does not reshuffle the other.
        long z = seed + stream * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Always true: the stream is infinite; bound it yourself. */
    @Override
    public boolean hasNext() {
        return true;
    }

    @Override
    public SimRecord next() {
        long ts = world.clock();
        double x = rnd.nextDouble();
        double tooLarge = opts.includeTooLarge() ? opts.tooLargeShare() : 0.0;
        SimRecord r;
        if (x < tooLarge) {
            r = bad.tooLarge(ts);
        } else if (x < tooLarge + opts.invalidShare()) {
            if (recentCount > 0 && rnd.chance(opts.reusedIdInvalidShare())) {
                r = bad.reusedId(recentAccepted().expected().event(), ts);
            } else {
                r = bad.next(ts);
            }
            checkSize(r);
        } else if (x < tooLarge + opts.invalidShare() + opts.duplicateShare() && recentCount > 0) {
            SimRecord original = recentAccepted();
            Expected e = Expected.valid(Outcome.DUPLICATE, original.expected().mode(), original.expected().event());
            r = new SimRecord(original.key(), original.value(), original.headers(), e, ts);
        } else {
            World.Draft d = world.next();
            Codec.Wire w = Codec.encode(d.event(), d.encoding());
            r = new SimRecord(d.event().key().getBytes(StandardCharsets.UTF_8), w.value(), w.headers(),
                    Expected.valid(Outcome.ACCEPTED, d.encoding().mode(), d.event()), world.clock());
            checkSize(r);
            recent[recentNext] = r;
            recentNext = (recentNext + 1) % RECENT;
            recentCount = Math.min(recentCount + 1, RECENT);
        }
        produced++;
        return r;
    }

    /** Records produced so far. */
    public long produced() {
        return produced;
    }

    /** The simulated clock now (epoch ms). */
    public long clock() {
        return world.clock();
    }

    /** Tasks submitted and not yet terminal in the simulated world. */
    public long tasksInFlight() {
        return world.tasksInFlight();
    }

    /** An earlier accepted record: the latest one, or one up to a few hundred records back. */
    private SimRecord recentAccepted() {
        int back = rnd.chance(0.4) ? 0 : rnd.nextInt(Math.min(recentCount, 600));
        return recent[Math.floorMod(recentNext - 1 - back, RECENT)];
    }

    private void checkSize(SimRecord r) {
        if (r.valueSize() > opts.maxEventBytes()) {
            throw new IllegalStateException("a " + r.expected().outcome().label() + " record of " + r.valueSize()
                    + " bytes exceeds maxEventBytes " + opts.maxEventBytes());
        }
    }
}
