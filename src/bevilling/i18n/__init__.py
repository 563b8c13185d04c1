"""Everything that depends on the locale: babel number formatting and parsing, labels.

- :mod:`bevilling.i18n.formatting`: ``format_amount``, ``parse_danish``, ``label``, ...

Imports only :mod:`bevilling.core`; every layer above may import from here. Babel itself is
imported lazily inside the functions, so that start-up stays lean.
"""
