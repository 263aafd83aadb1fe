package dev.vigil.serdes.event;

/**
 * {@code agent.step.status_changed}. A step is identified by (task id, step id, attempt);
 * {@code attempt} is 1 when absent. Keyed by its task so a task's steps share its partition.
 */
public record StepStatusChanged(EventMeta meta, String taskId, String stepId, StepStatus status,
                                String agentName, String capability, int attempt, Double durationMs,
                                String errorType) implements AgentEvent {
    @Override
    public String entityKey() {
        return taskId;
    }
}
