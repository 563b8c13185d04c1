"""Reading ledgers: YAML text -> a small tree with lines -> the model, with problems as values.

What the layers above may import (from this package, not from its modules):
``load``, ``load_string``, ``parse_expiry``, ``FORMAT``; ``schema``, ``schema_text``.

Imports only :mod:`bevilling.core` and :mod:`bevilling.i18n`.
"""

from __future__ import annotations

from bevilling.read.loader import FORMAT, load, load_string, parse_expiry
from bevilling.read.schema import schema, schema_text

__all__ = ["FORMAT", "load", "load_string", "parse_expiry", "schema", "schema_text"]
