"""``bevilling schema``: the JSON Schema of the ledger format, for editors.

::

    bevilling schema > bevilling.schema.json

Prints the JSON Schema (draft 2020-12) of ledger format v1.  Save it and point your editor's
YAML extension at it (see docs/interop.md).  Exit code: 0.
"""

from __future__ import annotations

import argparse
import sys

from bevilling.cli.common import EXIT_OK

__all__ = ["configure", "run"]


def configure(parser: argparse.ArgumentParser) -> None:
    """The description, arguments and defaults of ``bevilling schema``."""
    parser.description = (
        "Print the JSON Schema (draft 2020-12) of ledger format v1. Save it and"
        " point your editor's YAML extension at it; see docs/interop.md."
    )
    parser.set_defaults(run=run, command="schema")


def run(args: argparse.Namespace) -> int:
    """Run ``bevilling schema``."""
    from bevilling.read import schema_text

    sys.stdout.write(schema_text())
    return EXIT_OK
