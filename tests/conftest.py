"""Shared fixtures: ledgers written inline next to the tests that use them."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Hypothesis budgets: a fixed one for CI and everyday runs, a long one for bench/fuzz.py
# (`pytest --hypothesis-profile=long`).  Deadlines are off: the machines are noisy.
settings.register_profile(
    "ci", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "long",
    max_examples=int(os.environ.get("BEVILLING_FUZZ_EXAMPLES", "20000")),
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
settings.load_profile("ci")

#: The repository root (tests run from a checkout).
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _danish_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test starts in the default locale (Danish), whatever the developer's shell sets."""
    monkeypatch.delenv("BEVILLING_LOCALE", raising=False)


@pytest.fixture
def write_ledger(tmp_path: Path) -> Callable[..., Path]:
    """Write dedented YAML to ``tmp_path/<name>`` and return its path."""

    def write(text: str, name: str = "ledger.yaml") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return write
