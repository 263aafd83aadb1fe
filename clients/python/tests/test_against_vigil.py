"""Every event type, in both content modes, through the package to a real broker and a running Vigil.

Needs VIGIL_BOOTSTRAP (the broker), VIGIL_TOPIC (Vigil's input topic) and VIGIL_METRICS_URL (Vigil's
/metrics); skipped otherwise. PythonClientIntegrationTest (clients/python, failsafe) starts a broker and
Vigil and runs this file. Every expected value is derived from the events sent, as a change from a
scrape taken before sending (the metrics may already hold other events), so the test also holds
against a Vigil that is not fresh, as long as nothing else publishes the same names meanwhile.
"""

import json
import math
import os
import re
import time
import urllib.request
import uuid
from collections import Counter, defaultdict
from datetime import datetime, timedelta, timezone

import pytest

from vigil_events import (BINARY, EVENT_TYPES, STRUCTURED, CallCompleted, LeaseAcquired, LeaseReleased, PoolStatus,
                          Publisher, StepStatusChanged, TaskStatusChanged)

BOOTSTRAP = os.environ.get("VIGIL_BOOTSTRAP")
TOPIC = os.environ.get("VIGIL_TOPIC")
METRICS_URL = os.environ.get("VIGIL_METRICS_URL")
DEADLINE_SECONDS = float(os.environ.get("VIGIL_METRICS_DEADLINE_SECONDS", "90"))

pytestmark = pytest.mark.skipif(not (BOOTSTRAP and TOPIC and METRICS_URL),
                                reason="needs VIGIL_BOOTSTRAP, VIGIL_TOPIC and VIGIL_METRICS_URL (a broker and Vigil)")

TERMINAL_TASK = ("succeeded", "failed", "cancelled")
TERMINAL_STEP = ("succeeded", "failed", "cancelled", "timed_out")


def scenario(run):
    """Events of every type, names unique to this run; event times a minute ago, seconds apart."""
    t0 = datetime.now(timezone.utc) - timedelta(seconds=60)

    def at(seconds):
        return t0 + timedelta(seconds=seconds)

    src = {"source": f"py-client-test-{run}"}
    agent, capability, model, pool = f"py-agent-{run}", f"py-cap-{run}", f"py-model-{run}", f"py-pool-{run}"
    task = {name: f"task-{run}-{name}" for name in "abcd"}

    def step(task_id, step_id, status, seconds, **extra):
        return StepStatusChanged(task_id, step_id, status, agent, capability, **src, time=at(seconds), **extra)

    return [
        PoolStatus(pool, 8, **src, healthy=8, state="healthy", time=at(0)),
        TaskStatusChanged(task["a"], "submitted", **src, time=at(0), tenant=f"tenant-{run}-a"),
        TaskStatusChanged(task["b"], "submitted", **src, time=at(0)),
        TaskStatusChanged(task["c"], "submitted", **src, time=at(0)),
        TaskStatusChanged(task["d"], "submitted", **src, time=at(0)),
        TaskStatusChanged(task["a"], "running", **src, time=at(1)),
        step(task["a"], "plan", "queued", 0),
        step(task["a"], "plan", "running", 1),
        step(task["a"], "fetch", "queued", 1),
        step(task["a"], "fetch", "running", 1),
        step(task["a"], "plan", "succeeded", 2, duration_ms=400),
        step(task["a"], "fetch", "failed", 2, duration_ms=100, error_type="Timeout"),
        step(task["a"], "fetch", "queued", 2, attempt=2),
        step(task["a"], "fetch", "running", 2, attempt=2),
        step(task["a"], "fetch", "timed_out", 3, attempt=2, duration_ms=900.5),
        step(task["a"], "write", "queued", 3),
        LeaseAcquired(f"lease-{run}-1", "browser-1", pool, **src, agent_name=agent, task_id=task["a"],
                      ttl_ms=3_600_000, time=at(0)),
        LeaseAcquired(f"lease-{run}-2", "browser-2", pool, **src, agent_name=agent, ttl_ms=3_600_000, time=at(1)),
        LeaseAcquired(f"lease-{run}-3", "browser-3", pool, **src, agent_name=agent, time=at(1)),
        LeaseAcquired(f"lease-{run}-4", "browser-4", pool, **src, time=at(2)),
        LeaseReleased(f"lease-{run}-1", pool, **src, resource_id="browser-1", reason="released", time=at(3)),
        LeaseReleased(f"lease-{run}-3", pool, **src, reason="expired", time=at(2.5)),
        CallCompleted(f"call-{run}-1", agent, capability, model, "ok", 800, 1200, 340, **src, task_id=task["a"],
                      step_id="plan", cost_usd=0.01, time=at(1)),
        CallCompleted(f"call-{run}-2", agent, capability, model, "error", 1500, 500, 0, **src, cost_usd=0.002,
                      error_type="RateLimited", time=at(2)),
        CallCompleted(f"call-{run}-3", agent, capability, model, "ok", 120.5, 1000, 10, **src, task_id=task["b"],
                      cost_usd=0.003, tenant=f"tenant-{run}-own", cached_input_tokens=400, time=at(2)),
        TaskStatusChanged(task["a"], "succeeded", **src, duration_ms=2500, time=at(3)),
        TaskStatusChanged(task["b"], "failed", **src, duration_ms=1250, error_type="ToolError", time=at(2)),
        TaskStatusChanged(task["d"], "cancelled", **src, duration_ms=500, time=at(1)),
        PoolStatus(pool, 10, **src, healthy=9, state="degraded", time=at(4)),
        PoolStatus(pool, 99, **src, healthy=1, state="down", time=at(2)),  # older: changes nothing
    ]


def expected_metrics(events):
    """What the events change, per docs/metrics.md and docs/aggregates.md: (changes, absolute values).

    Keys are (metric, frozenset of labels). Counters and histograms are changes; gauges whose labels
    are unique to this run are absolute.
    """
    change, absolute = defaultdict(float), {}

    def key(name, **labels):
        return name, frozenset(labels.items())

    tasks, steps, leases, pools = defaultdict(list), defaultdict(list), defaultdict(dict), defaultdict(list)
    for e in events:
        change[key("vigil_events_total", type=e.TYPE, outcome="accepted")] += 1
        if isinstance(e, TaskStatusChanged):
            tasks[e.task_id].append(e)
        elif isinstance(e, StepStatusChanged):
            steps[(e.task_id, e.step_id, e.attempt or 1)].append(e)
        elif isinstance(e, CallCompleted):
            change[key("agent_call_total", agent_name=e.agent_name, capability=e.capability,
                       model_name=e.model_name, status=e.status)] += 1
            change[key("agent_call_latency_seconds_count", agent_name=e.agent_name, model_name=e.model_name)] += 1
            change[key("agent_call_latency_seconds_sum", agent_name=e.agent_name,
                       model_name=e.model_name)] += e.latency_ms / 1000
            for direction, tokens in _token_directions(e):
                change[key("model_tokens_total", agent_name=e.agent_name, model_name=e.model_name,
                           direction=direction)] += tokens
            change[key("model_cost_usd_total", agent_name=e.agent_name, model_name=e.model_name)] += e.cost_usd
        elif isinstance(e, LeaseAcquired):
            leases[e.lease_id]["acquired"] = e
        elif isinstance(e, LeaseReleased):
            leases[e.lease_id]["released"] = e
        elif isinstance(e, PoolStatus):
            pools[e.pool].append(e)

    _tenants_and_task_cost(events, change, key)
    for history in tasks.values():
        if any(e.status == "submitted" for e in history):
            change[key("task_total", status="submitted")] += 1
        terminal = [e for e in history if e.status in TERMINAL_TASK]
        if terminal:
            first = terminal[0]
            change[key("task_total", status=first.status)] += 1
            change[key("task_duration_seconds_count", status=first.status)] += 1
            change[key("task_duration_seconds_sum", status=first.status)] += first.duration_ms / 1000
        else:
            change[key("active_tasks")] += 1
    for history in steps.values():
        terminal = [e for e in history if e.status in TERMINAL_STEP]
        if terminal:
            first = terminal[0]
            labels = dict(agent_name=first.agent_name, capability=first.capability, status=first.status)
            change[key("step_duration_seconds_count", **labels)] += 1
            change[key("step_duration_seconds_sum", **labels)] += first.duration_ms / 1000
        elif all(e.status == "queued" for e in history):
            queued = key("queue_depth", capability=history[0].capability)
            absolute[queued] = absolute.get(queued, 0) + 1
    active = Counter()
    for lease in leases.values():
        acquired, released = lease["acquired"], lease.get("released")
        if released is None:
            active[(acquired.pool, acquired.agent_name or "unknown")] += 1
            continue
        change[key("lease_held_seconds_count", pool=acquired.pool)] += 1
        held = _parse_time(released.time) - _parse_time(acquired.time)
        change[key("lease_held_seconds_sum", pool=acquired.pool)] += held.total_seconds()
        if released.reason == "expired":
            change[key("lease_expired_total", pool=acquired.pool)] += 1
    for (pool, agent_name), count in active.items():
        absolute[key("active_leases", pool=pool, agent_name=agent_name)] = count
    for pool, statuses in pools.items():
        latest = max(statuses, key=lambda e: _parse_time(e.time))
        absolute[key("pool_capacity", pool=pool)] = latest.capacity
        absolute[key("pool_healthy", pool=pool)] = latest.healthy
        in_use = sum(count for (p, _), count in active.items() if p == pool)
        absolute[key("lease_utilization", pool=pool)] = in_use / latest.capacity
    return dict(change), absolute


def _token_directions(call):
    """model_tokens_total's directions: the uncached input, the cached part when the call says, the output."""
    cached = call.cached_input_tokens or 0
    directions = [("input", call.input_tokens - cached), ("output", call.output_tokens)]
    if call.cached_input_tokens is not None:
        directions.append(("cached_input", cached))
    return directions


def _tenants_and_task_cost(events, change, key):
    """docs/aggregates.md: a call's tenant is its own, else its task's (the first a task event named), else
    unknown; a task's cost is its calls' until its first terminal status, later calls are late cost. Calls
    that name a task are keyed by it, so each task's events and calls are applied in publish order."""
    tenant_of, cost_of, submitted, ended = {}, defaultdict(float), set(), set()
    for e in events:
        if isinstance(e, TaskStatusChanged):
            if e.tenant and e.task_id not in tenant_of:
                tenant_of[e.task_id] = e.tenant
            tenant = tenant_of.get(e.task_id, "unknown")
            if e.status == "submitted" and e.task_id not in submitted:
                submitted.add(e.task_id)
                change[key("tenant_tasks_total", tenant=tenant, status="submitted")] += 1
            elif e.status in TERMINAL_TASK and e.task_id not in ended:
                ended.add(e.task_id)
                change[key("tenant_tasks_total", tenant=tenant, status=e.status)] += 1
                change[key("task_cost_usd_count", status=e.status)] += 1
                change[key("task_cost_usd_sum", status=e.status)] += cost_of[e.task_id]
        elif isinstance(e, CallCompleted):
            tenant = e.tenant or (tenant_of.get(e.task_id) if e.task_id else None) or "unknown"
            change[key("tenant_calls_total", tenant=tenant)] += 1
            change[key("tenant_cost_usd_total", tenant=tenant)] += e.cost_usd
            for direction, tokens in _token_directions(e):
                change[key("tenant_tokens_total", tenant=tenant, direction=direction)] += tokens
            if e.task_id in ended:
                change[key("vigil_late_cost_usd_total")] += e.cost_usd
            elif e.task_id:
                cost_of[e.task_id] += e.cost_usd


def _parse_time(text):
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc)


_SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\S+)?$')
_LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')


def scrape():
    """Vigil's /metrics as {(name, frozenset of labels): value}."""
    with urllib.request.urlopen(METRICS_URL, timeout=10) as response:
        body = response.read().decode("utf-8")
    samples = {}
    for line in body.splitlines():
        if not line or line.startswith("#"):
            continue
        match = _SAMPLE.match(line)
        assert match, f"not a sample line: {line!r}"
        labels = frozenset(_LABEL.findall(match.group(2) or ""))
        samples[(match.group(1), labels)] = float(match.group(3))
    return samples


def _mismatches(samples, baseline, change, absolute):
    wrong = []
    for k, delta in change.items():
        got = samples.get(k, 0.0) - baseline.get(k, 0.0)
        if not math.isclose(got, delta, rel_tol=1e-9, abs_tol=1e-9):
            wrong.append(f"{_show(k)}: changed by {got}, expected {delta}")
    for k, value in absolute.items():
        if k not in samples or not math.isclose(samples[k], value, rel_tol=1e-9, abs_tol=1e-9):
            wrong.append(f"{_show(k)}: {samples.get(k, 'absent')}, expected {value}")
    return wrong


def _show(k):
    name, labels = k
    return name + "{" + ",".join(f'{n}="{v}"' for n, v in sorted(labels)) + "}"


def _read_back(ids, deadline):
    """The records of these CloudEvent ids on the topic, as a consumer reads them: {id: (key, headers, value)}."""
    from confluent_kafka import Consumer

    consumer = Consumer({"bootstrap.servers": BOOTSTRAP, "group.id": f"py-client-test-{uuid.uuid4()}",
                         "auto.offset.reset": "earliest", "enable.auto.commit": False})
    consumer.subscribe([TOPIC])
    found = {}
    try:
        while set(found) != ids and time.monotonic() < deadline:
            message = consumer.poll(0.5)
            if message is None or message.error():
                continue
            headers = {name: value.decode("utf-8") for name, value in (message.headers() or [])}
            event_id = headers.get("ce_id") or json.loads(message.value()).get("id")
            if event_id in ids:
                found[event_id] = (message.key(), headers, json.loads(message.value()))
    finally:
        consumer.close()
    return found


def test_every_type_in_both_modes_reaches_vigils_metrics_as_sent():
    run = uuid.uuid4().hex[:8]
    events = scenario(run)
    assert {e.TYPE for e in events} == set(EVENT_TYPES)
    change, absolute = expected_metrics(events)
    baseline = scrape()

    modes, per_type = {}, Counter()
    with Publisher(BOOTSTRAP, TOPIC) as publisher:  # one producer: each entity's events stay in order
        for i, event in enumerate(events):
            modes[event.id] = (BINARY, STRUCTURED)[per_type[event.TYPE] % 2]  # each type in both modes
            per_type[event.TYPE] += 1
            if i == 0:
                publisher.publish_sync(event, timeout=30, mode=modes[event.id])
            else:
                publisher.publish(event, mode=modes[event.id])
    # Leaving the with block flushed: every event was delivered, or DeliveryError failed the test.
    assert {(e.TYPE, modes[e.id]) for e in events} == {(t, m) for t in EVENT_TYPES for m in (BINARY, STRUCTURED)}

    deadline = time.monotonic() + DEADLINE_SECONDS
    records = _read_back({e.id for e in events}, deadline)
    assert len(records) == len(events), "every event is on the topic"
    for e in events:
        key, headers, value = records[e.id]
        assert key == e.key.encode("utf-8")
        if modes[e.id] == BINARY:
            assert (headers["ce_type"], headers["content-type"], value) == (e.TYPE, "application/json", e.data())
        else:
            assert headers["content-type"] == "application/cloudevents+json"
            assert (value["type"], value["data"]) == (e.TYPE, e.data())

    wrong = ["not scraped yet"]
    while wrong and time.monotonic() < deadline:
        samples = scrape()
        wrong = _mismatches(samples, baseline, change, absolute)
        if wrong:
            time.sleep(0.25)  # the interval between scrapes; the deadline bounds the wait
    assert not wrong, "Vigil's /metrics after %.0f s:\n  %s" % (DEADLINE_SECONDS, "\n  ".join(wrong))
    dead_letters = sum(v for (name, _), v in samples.items() if name == "vigil_dlq_total") \
        - sum(v for (name, _), v in baseline.items() if name == "vigil_dlq_total")
    assert dead_letters == 0, "no event was dead-lettered"
