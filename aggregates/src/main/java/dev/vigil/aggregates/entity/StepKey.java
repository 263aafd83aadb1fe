package dev.vigil.aggregates.entity;

import dev.vigil.serdes.event.StepStatusChanged;

import java.util.Objects;

/**
 * The identity of a step: ({@code task_id}, {@code step_id}, {@code attempt}); a retry is a new
 * step. Steps are partitioned by their task, so the step store of a partition is keyed by
 * {@link #encode()}, which starts with the task so a task's steps are adjacent.
 *
 * <p>Encoding: {@code <length of task_id>:<task_id><length of step_id>:<step_id><attempt>}, lengths
 * in UTF-16 code units, so ids holding any character stay unambiguous.
 */
public record StepKey(String taskId, String stepId, int attempt) {
    public StepKey {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(stepId, "stepId");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be at least 1: " + attempt);
        }
    }

    /** The step an event is about ({@code attempt} is 1 when the event had none). */
    public static StepKey of(StepStatusChanged event) {
        return new StepKey(event.taskId(), event.stepId(), event.attempt());
    }

    public String encode() {
        return taskId.length() + ":" + taskId + stepId.length() + ":" + stepId + attempt;
    }

    /**
     * @throws IllegalArgumentException when the text is not an encoded step key
     */
    public static StepKey decode(String encoded) {
        try {
            int colon = encoded.indexOf(':');
            int taskLength = Integer.parseInt(encoded, 0, colon, 10);
            String taskId = encoded.substring(colon + 1, colon + 1 + taskLength);
            int pos = colon + 1 + taskLength;
            int colon2 = encoded.indexOf(':', pos);
            int stepLength = Integer.parseInt(encoded, pos, colon2, 10);
            String stepId = encoded.substring(colon2 + 1, colon2 + 1 + stepLength);
            int attempt = Integer.parseInt(encoded, colon2 + 1 + stepLength, encoded.length(), 10);
            return new StepKey(taskId, stepId, attempt);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a step key: '" + encoded + "'", e);
        }
    }
}
