"""Everything that depends on the locale: the message catalogs, number formatting and parsing.

- :mod:`bevilling.i18n.catalogs`: ``catalog`` (a module's ``_``/``_n``), ``N_``,
  ``use_locale``, ``set_locale``, ``current_locale``, ``resolve_locale``, ``translate``;
- :mod:`bevilling.i18n.formatting`: ``format_amount``, ``parse_danish``, ``label``, ...

Imports only :mod:`bevilling.core`; every layer above may import from here. Babel itself is
imported lazily inside the functions, and a catalog is read on first use, so that start-up
stays lean.  How to add or change a message: docs/translating.md.
"""
