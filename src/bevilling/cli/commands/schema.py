"""``bevilling schema``: the JSON Schema of the ledger format, for editors.

::

    bevilling schema > bevilling.schema.json

Prints the JSON Schema (draft-07) of ledger format v1, its descriptions in the chosen locale
(Danish by default).  Save it and point your editor's YAML extension at it (see
docs/interop.md).  Exit code: 0.
"""

from __future__ import annotations

import argparse
import sys

from bevilling.cli.common import EXIT_OK, add_locale
from bevilling.i18n.catalogs import catalog

__all__ = ["configure", "run"]

_, _n = catalog(__name__)


def configure(parser: argparse.ArgumentParser) -> None:
    """The description, arguments and defaults of ``bevilling schema``."""
    parser.description = _(
        "Print the JSON Schema (draft-07) of ledger format v1, with its descriptions in the"
        " chosen language. Save it and point your editor's YAML extension at it; see"
        " docs/interop.md."
    )
    add_locale(parser)
    parser.set_defaults(run=run, command="schema")


def run(args: argparse.Namespace) -> int:
    """Run ``bevilling schema``."""
    from bevilling.read import schema_text

    sys.stdout.write(schema_text(args.locale))
    return EXIT_OK
