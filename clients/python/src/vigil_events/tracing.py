"""The W3C traceparent of the current OpenTelemetry span, when OpenTelemetry is there.

    >>> from vigil_events.tracing import current_traceparent
    >>> current_traceparent()  # None: no active span (or no opentelemetry-api installed)

OpenTelemetry is optional (``pip install vigil-events[otel]``): without the ``opentelemetry-api``
package, or outside a valid span context, there is no traceparent.
"""

from typing import Optional

try:
    from opentelemetry import trace as _trace
except ImportError:  # the otel extra is not installed
    _trace = None


def otel_available() -> bool:
    """Whether the OpenTelemetry API could be imported."""
    return _trace is not None


def current_traceparent() -> Optional[str]:
    """``00-<trace id>-<span id>-<flags>`` of the current span, or None without a valid one."""
    if _trace is None:
        return None
    context = _trace.get_current_span().get_span_context()
    if not context.is_valid:
        return None
    return "00-%032x-%016x-%02x" % (context.trace_id, context.span_id, int(context.trace_flags))
