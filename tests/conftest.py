"""Shared fixtures: ledgers written inline next to the tests that use them."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

#: The repository root (tests run from a checkout).
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def write_ledger(tmp_path: Path) -> Callable[..., Path]:
    """Write dedented YAML to ``tmp_path/<name>`` and return its path."""

    def write(text: str, name: str = "ledger.yaml") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return write
