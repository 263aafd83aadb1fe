"""The rules of the data schemas (schemas/src/main/resources/vigil/schemas), as Python checks.

    >>> Integer(minimum=0, maximum=10).check("data.n", 2.0)
    2

Each rule checks one value and returns it normalised (an integral float becomes an int), or raises
a ValueError that names the field and the rule broken. None means absent: refused when required.
"""

import math
from typing import Any, Optional, Sequence

# The bounds of docs/events.md ("Event types and their data"), which the schemas carry as maximum.
TOKENS_MAX = 1_000_000_000
MILLIS_MAX = 2_678_400_000  # latency_ms, duration_ms: 31 days
TTL_MAX = 31_536_000_000  # ttl_ms: 365 days
COUNT_MAX = 1_000_000_000  # capacity, healthy
ATTEMPT_MAX = 1_000_000
COST_MAX = 1_000_000


class Rule:
    """One field's rule; required or optional (None = absent)."""

    def __init__(self, required: bool = False) -> None:
        self.required = required

    def check(self, name: str, value: Any) -> Any:
        if value is None:
            if self.required:
                raise ValueError(f"{name}: required")
            return None
        return self._check(name, value)

    def _check(self, name: str, value: Any) -> Any:
        raise NotImplementedError


class Str(Rule):
    """A non-empty string (type string, minLength 1)."""

    def _check(self, name: str, value: Any) -> Any:
        if not isinstance(value, str):
            raise ValueError(f"{name}: must be a string (type), got {value!r}")
        if len(value) < 1:
            raise ValueError(f"{name}: must not be empty (minLength 1)")
        return value


class Enum(Rule):
    """One of a fixed set of strings (enum)."""

    def __init__(self, values: Sequence[str], required: bool = False) -> None:
        super().__init__(required)
        self.values = tuple(values)

    def _check(self, name: str, value: Any) -> Any:
        if not isinstance(value, str) or value not in self.values:
            raise ValueError(f"{name}: must be one of {', '.join(self.values)} (enum), got {value!r}")
        return value


class Number(Rule):
    """A finite number within bounds (type number, minimum, exclusiveMinimum, maximum)."""

    kind = "a number"

    def __init__(self, minimum: Optional[float] = None, maximum: Optional[float] = None,
                 exclusive_minimum: Optional[float] = None, required: bool = False) -> None:
        super().__init__(required)
        self.minimum = minimum
        self.maximum = maximum
        self.exclusive_minimum = exclusive_minimum

    def _check(self, name: str, value: Any) -> Any:
        # bool is an int to Python but not a number to JSON.
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError(f"{name}: must be {self.kind} (type), got {value!r}")
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError(f"{name}: must be finite, got {value!r}")
        value = self._normalise(name, value)
        if self.minimum is not None and value < self.minimum:
            raise ValueError(f"{name}: must be >= {self.minimum} (minimum), got {value!r}")
        if self.exclusive_minimum is not None and value <= self.exclusive_minimum:
            raise ValueError(f"{name}: must be > {self.exclusive_minimum} (exclusiveMinimum), got {value!r}")
        if self.maximum is not None and value > self.maximum:
            raise ValueError(f"{name}: must be <= {self.maximum} (maximum), got {value!r}")
        return value

    def _normalise(self, name: str, value: Any) -> Any:
        return value


class Integer(Number):
    """A whole number within bounds (type integer): 2.0 is accepted as 2, 2.5 is refused."""

    kind = "an integer"

    def _normalise(self, name: str, value: Any) -> Any:
        if isinstance(value, float):
            if not value.is_integer():
                raise ValueError(f"{name}: must be an integer (type), got {value!r}")
            return int(value)
        return value
