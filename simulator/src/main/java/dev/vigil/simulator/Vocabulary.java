package dev.vigil.simulator;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/** The simulated platform's names: agents, capabilities, models and their prices, pools, sources. */
final class Vocabulary {

    private Vocabulary() {
    }

    /**
     * A model with the price the platform bills it at (USD per million tokens) and its typical latency. Vigil's
     * price catalogue has {@code gpt-4o} and {@code gpt-4o-mini}, and {@code claude-sonnet-4-5} under its dated
     * name; {@code llama-3-70b} (self-hosted) is priced only when a call carries {@code cost_usd}.
     */
    record Model(String name, double inputPerMtok, double outputPerMtok, double medianLatencyMs) {
        double cost(long inputTokens, long outputTokens) {
            double usd = (inputTokens * inputPerMtok + outputTokens * outputPerMtok) / 1_000_000.0;
            return BigDecimal.valueOf(usd).setScale(6, RoundingMode.HALF_UP).doubleValue();
        }
    }

    static final Model GPT_4O = new Model("gpt-4o", 2.5, 10.0, 1800);
    static final Model GPT_4O_MINI = new Model("gpt-4o-mini", 0.15, 0.6, 700);
    static final Model CLAUDE_SONNET_4 = new Model("claude-sonnet-4-5-20250929", 3.0, 15.0, 2400);
    static final Model LLAMA_3_70B = new Model("llama-3-70b", 0.6, 0.8, 1200);
    static final List<Model> MODELS = List.of(GPT_4O, GPT_4O_MINI, CLAUDE_SONNET_4, LLAMA_3_70B);

    /**
     * An agent, the capability it serves, the models it calls (with weights), its input-token range per call and
     * its number of calls per step.
     */
    record Agent(String name, String capability, List<Model> models, double[] modelWeights, long inputMin,
                 long inputMax, int callsMin, int callsMax) {
    }

    static final Agent PLANNER = new Agent("planner", "plan", List.of(GPT_4O, CLAUDE_SONNET_4),
            new double[] {0.5, 0.5}, 500, 4_000, 1, 2);
    static final Agent RESEARCHER = new Agent("researcher", "search", List.of(GPT_4O_MINI, LLAMA_3_70B),
            new double[] {0.6, 0.4}, 1_000, 12_000, 1, 3);
    static final Agent BROWSER = new Agent("browser-agent", "browse", List.of(GPT_4O_MINI, GPT_4O),
            new double[] {0.7, 0.3}, 2_000, 16_000, 2, 4);
    static final Agent CODER = new Agent("coder", "code", List.of(CLAUDE_SONNET_4, GPT_4O, LLAMA_3_70B),
            new double[] {0.5, 0.2, 0.3}, 2_000, 20_000, 1, 4);
    static final Agent REVIEWER = new Agent("reviewer", "review", List.of(GPT_4O, CLAUDE_SONNET_4),
            new double[] {0.4, 0.6}, 1_500, 10_000, 1, 2);
    static final List<Agent> AGENTS = List.of(PLANNER, RESEARCHER, BROWSER, CODER, REVIEWER);
    /** Agents doing the middle of a task, with weights. */
    static final List<Agent> WORKERS = List.of(RESEARCHER, BROWSER, CODER);
    static final double[] WORKER_WEIGHTS = {0.35, 0.3, 0.35};

    static final String POOL_BROWSER = "browser";
    static final String POOL_GPU = "gpu";
    static final List<String> POOLS = List.of(POOL_BROWSER, POOL_GPU);

    /** Sources: tasks (with their steps and leases) come from one of two orchestrators. */
    static final List<String> TASK_SOURCES = List.of("orchestrator", "orchestrator-eu");
    static final String CALL_SOURCE = "llm-gateway";
    static final String POOL_SOURCE = "pool-manager";

    static final List<String> TENANTS = List.of("acme", "globex", "initech", "umbrella");

    static final List<String> TASK_STATUSES = List.of("submitted", "running", "succeeded", "failed", "cancelled");
    static final List<String> TASK_TERMINAL = List.of("succeeded", "failed", "cancelled");
    static final List<String> STEP_STATUSES =
            List.of("queued", "running", "succeeded", "failed", "cancelled", "timed_out");
    static final List<String> CALL_STATUSES = List.of("ok", "error");
    static final List<String> RELEASE_REASONS = List.of("released", "expired", "revoked");
    static final List<String> POOL_STATES = List.of("healthy", "degraded", "down");

    static final List<String> STEP_ERRORS = List.of("tool_error", "model_error", "invalid_output");
    static final List<String> CALL_ERRORS = List.of("rate_limited", "timeout", "server_error",
            "context_length_exceeded");
}
