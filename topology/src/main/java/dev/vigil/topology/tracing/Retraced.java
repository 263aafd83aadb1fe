package dev.vigil.topology.tracing;

import dev.vigil.serdes.event.AgentEvent;
import dev.vigil.serdes.event.CallCompleted;
import dev.vigil.serdes.event.EventMeta;
import dev.vigil.serdes.event.LeaseAcquired;
import dev.vigil.serdes.event.LeaseReleased;
import dev.vigil.serdes.event.PoolStatus;
import dev.vigil.serdes.event.StepStatusChanged;
import dev.vigil.serdes.event.TaskStatusChanged;

/**
 * An event whose trace context names Vigil's ingest span instead of the producer's: everything
 * downstream that quotes the event's {@code traceparent} (an alert's trigger) then links to
 * Vigil's span, which is itself a child of the producer's. Every other field is kept.
 */
final class Retraced {
    private Retraced() {
    }

    static AgentEvent withTraceContext(AgentEvent event, String traceparent, String tracestate) {
        EventMeta m = event.meta();
        EventMeta meta = new EventMeta(m.id(), m.source(), m.type(), m.time(), m.subject(), traceparent, tracestate);
        if (event instanceof TaskStatusChanged e) {
            return new TaskStatusChanged(meta, e.taskId(), e.status(), e.durationMs(), e.errorType(), e.tenant());
        }
        if (event instanceof StepStatusChanged e) {
            return new StepStatusChanged(meta, e.taskId(), e.stepId(), e.status(), e.agentName(), e.capability(),
                    e.attempt(), e.durationMs(), e.errorType());
        }
        if (event instanceof CallCompleted e) {
            return new CallCompleted(meta, e.callId(), e.agentName(), e.capability(), e.modelName(), e.status(),
                    e.latencyMs(), e.inputTokens(), e.outputTokens(), e.taskId(), e.stepId(), e.costUsd(),
                    e.errorType(), e.cachedInputTokens(), e.tenant());
        }
        if (event instanceof LeaseAcquired e) {
            return new LeaseAcquired(meta, e.leaseId(), e.resourceId(), e.pool(), e.agentName(), e.taskId(),
                    e.stepId(), e.ttlMs());
        }
        if (event instanceof LeaseReleased e) {
            return new LeaseReleased(meta, e.leaseId(), e.pool(), e.resourceId(), e.reason());
        }
        if (event instanceof PoolStatus e) {
            return new PoolStatus(meta, e.pool(), e.capacity(), e.healthy(), e.state());
        }
        // A type added later and not listed here keeps the producer's context: the link to Vigil's
        // span is lost, not the event.
        return event;
    }
}
