"""Writing: the model -> ledger YAML text (``dump``), and files written atomically.

What the layers above may import (from this package, not from its modules):
``dump``, ``without_locations``, ``same_content``, ``format_plain``, ``format_ledger_amount``,
``format_named``, ``quote``, ``EXPIRY_PHRASES``;
``write_atomic``, ``write_files_atomic``, ``write_output``, ``OutputExistsError``,
``NotRegularFileError``, ``STDOUT``.

Imports only :mod:`bevilling.core` and :mod:`bevilling.i18n`.
"""

from __future__ import annotations

from bevilling.core.lazy import lazy_package

# typing.TYPE_CHECKING without importing typing (start-up); mypy honours the name.
TYPE_CHECKING = False

if TYPE_CHECKING:
    from bevilling.write.atomic import (
        STDOUT,
        NotRegularFileError,
        OutputExistsError,
        write_atomic,
        write_files_atomic,
        write_output,
    )
    from bevilling.write.dump import (
        EXPIRY_PHRASES,
        dump,
        format_ledger_amount,
        format_named,
        format_plain,
        quote,
        same_content,
        without_locations,
    )

__all__ = [
    "EXPIRY_PHRASES",
    "STDOUT",
    "NotRegularFileError",
    "OutputExistsError",
    "dump",
    "format_ledger_amount",
    "format_named",
    "format_plain",
    "quote",
    "same_content",
    "without_locations",
    "write_atomic",
    "write_files_atomic",
    "write_output",
]

# Each name is imported from its module on first use (start-up): see bevilling.core.lazy.
lazy_package(
    __name__,
    {
        "atomic": (
            "STDOUT",
            "NotRegularFileError",
            "OutputExistsError",
            "write_atomic",
            "write_files_atomic",
            "write_output",
        ),
        "dump": (
            "EXPIRY_PHRASES",
            "dump",
            "format_ledger_amount",
            "format_named",
            "format_plain",
            "quote",
            "same_content",
            "without_locations",
        ),
    },
)
