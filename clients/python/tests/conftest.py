"""Shared helpers: where the repository's schemas and examples are, and optional test modules."""

import importlib
import json
import os
from pathlib import Path

import pytest

VIGIL_RESOURCES = Path(__file__).resolve().parents[3] / "schemas" / "src" / "main" / "resources" / "vigil"
SCHEMAS = VIGIL_RESOURCES / "schemas"
EXAMPLES = VIGIL_RESOURCES / "examples"


def required_module(name: str, debian_package: str):
    """The module, else the test is skipped naming the Debian package; with VIGIL_REQUIRE_TOOLS=true it fails.

    The JUnit wrapper sets VIGIL_REQUIRE_TOOLS where tools are required (CI=true, -Dvigil.requireTools=true).
    """
    try:
        return importlib.import_module(name)
    except ImportError:
        missing = f"{name} is not importable (Debian package {debian_package}: apt-get install {debian_package})"
        if os.environ.get("VIGIL_REQUIRE_TOOLS", "").lower() == "true":
            pytest.fail(missing + "; tools are required here (VIGIL_REQUIRE_TOOLS=true)")
        pytest.skip("skipped: " + missing)


def schema(event_type: str) -> dict:
    return json.loads((SCHEMAS / f"{event_type}.schema.json").read_text(encoding="utf-8"))


def validator(event_type: str):
    """A draft 2020-12 validator of the type's data schema (needs python3-jsonschema)."""
    jsonschema = required_module("jsonschema", "python3-jsonschema")
    return jsonschema.Draft202012Validator(schema(event_type))
