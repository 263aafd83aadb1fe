"""Data of every event type, as on the wire: the required fields only, and every field."""

from vigil_events import (CallCompleted, LeaseAcquired, LeaseReleased, PoolStatus, StepStatusChanged,
                          TaskStatusChanged)

MINIMAL = {
    TaskStatusChanged: {"task_id": "task-1", "status": "submitted"},
    StepStatusChanged: {"task_id": "task-1", "step_id": "plan", "status": "queued", "agent_name": "planner",
                        "capability": "reasoning"},
    CallCompleted: {"call_id": "call-1", "agent_name": "planner", "capability": "reasoning", "model_name": "gpt-4o",
                    "status": "ok", "latency_ms": 812.5, "input_tokens": 1200, "output_tokens": 340},
    LeaseAcquired: {"lease_id": "lease-1", "resource_id": "browser-3", "pool": "browser"},
    LeaseReleased: {"lease_id": "lease-1", "pool": "browser"},
    PoolStatus: {"pool": "browser", "capacity": 8},
}

FULL = {
    TaskStatusChanged: {**MINIMAL[TaskStatusChanged], "status": "failed", "duration_ms": 1530.25,
                        "error_type": "ToolTimeout", "tenant": "acme"},
    StepStatusChanged: {**MINIMAL[StepStatusChanged], "status": "succeeded", "attempt": 2, "duration_ms": 250,
                        "error_type": "Retried"},
    CallCompleted: {**MINIMAL[CallCompleted], "status": "error", "task_id": "task-1", "step_id": "plan",
                    "cost_usd": 0.0123, "error_type": "RateLimited", "cached_input_tokens": 1000, "tenant": "acme"},
    LeaseAcquired: {**MINIMAL[LeaseAcquired], "agent_name": "browser-agent", "task_id": "task-1", "step_id": "plan",
                    "ttl_ms": 60000},
    LeaseReleased: {**MINIMAL[LeaseReleased], "resource_id": "browser-3", "reason": "expired"},
    PoolStatus: {**MINIMAL[PoolStatus], "healthy": 7, "state": "degraded"},
}

BUILDERS = list(MINIMAL)


def build(cls, data, **envelope):
    """The event of these data fields, by keyword, with source 'test' unless given."""
    envelope.setdefault("source", "test")
    return cls(**data, **envelope)
