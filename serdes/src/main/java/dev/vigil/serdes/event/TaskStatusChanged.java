package dev.vigil.serdes.event;

/** {@code agent.task.status_changed}. Nullable fields are optional in the data. */
public record TaskStatusChanged(EventMeta meta, String taskId, TaskStatus status, Double durationMs,
                                String errorType, String tenant) implements AgentEvent {
    @Override
    public String entityKey() {
        return taskId;
    }
}
