"""The core: the data model, money and problems. No I/O, no formatting, no parsing libraries.

- :mod:`bevilling.core.model`: frozen attrs classes and enums (``Ledger``, ``Appropriation``, ...);
- :mod:`bevilling.core.money`: ``D()``, the one place where amounts become ``Decimal``;
- :mod:`bevilling.core.prices`: ``PriceIndex``: a user's price index, the exact ratio of two
  years;
- :mod:`bevilling.core.problems`: ``Problem``, ``Location``, ``Severity``: problems are values.

Every other layer may import from here; this package imports nothing else of bevilling.
Import from the modules themselves (they are small and stable).
"""
