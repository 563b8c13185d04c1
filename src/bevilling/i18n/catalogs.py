"""Message catalogs: every word a user reads, Danish by default, English on request.

Each layer package has one gettext *domain*, named after it (``read``, ``audit``, ``reports``,
``interop``, ``cli``, ``i18n``, ``core`` and ``bevilling`` for the top-level modules), with a
``.po`` file per language in ``bevilling/locale/<da|en>/LC_MESSAGES/<domain>.po``.  The
message ids are the English sentences, with named ``{placeholders}``; the catalogs hold the
Danish and the English wording (a translator never edits code).  A module gets its two
translation functions once, at import::

    from bevilling.i18n.catalogs import catalog

    _, _n = catalog(__name__)

    message = _("the rows add up to {sum}, but the source states {stated}", sum=..., stated=...)
    summary = _n("{count} ledger", "{count} ledgers", count, count=count)

``_`` and ``_n`` translate into the *current locale*, which is Danish unless the command line
(``--locale en``), ``$BEVILLING_LOCALE`` or :func:`use_locale` says otherwise.  ``LANG`` and
``LC_ALL`` are never read: a Danish report must not change because a server's locale is
English.  Code below this layer (``core``) marks its messages with :func:`N_` and the layer
that shows them translates them.

The compiled ``.mo`` files are made from the ``.po`` files when the package is built or
installed (``setup.py``).  When a ``.mo`` file is missing or older than its ``.po`` (a checkout
whose catalogs were edited since), the ``.po`` file is compiled in memory instead, so that a
stale catalog can never show old wording.  Catalogs load on first use, per domain: a command
that prints no text loads none.

>>> _, _n = catalog("bevilling.i18n.formatting")
>>> with use_locale("da"):
...     _("Total")
'I alt'
>>> with use_locale("en"):
...     _n("{count} appropriation", "{count} appropriations", 2, count=2)
'2 appropriations'
"""

from __future__ import annotations

import contextlib
import contextvars
import gettext
import io
import os
import struct
from collections.abc import Callable, Iterator
from itertools import repeat

__all__ = [
    "DEFAULT_LOCALE",
    "DOMAINS",
    "LOCALES",
    "LOCALE_ENV",
    "N_",
    "catalog",
    "current_locale",
    "domain_of",
    "resolve_locale",
    "set_locale",
    "translate",
    "use_locale",
]

#: The locales bevilling speaks: Danish (the default) and English.
LOCALES = ("da", "en")

#: The locale used when nothing else is asked for.
DEFAULT_LOCALE = "da"

#: The environment variable that sets the locale when no --locale is given.
LOCALE_ENV = "BEVILLING_LOCALE"

#: The gettext domains: one per layer package, plus ``bevilling`` for the top-level modules.
DOMAINS = ("bevilling", "core", "i18n", "read", "write", "audit", "reports", "interop", "cli")

#: Where the catalogs live: ``<LOCALE_DIR>/<locale>/LC_MESSAGES/<domain>.po`` (and ``.mo``).
#: A string, not a ``pathlib.Path``: every command reads a catalog, and ``pathlib`` (with the
#: ``urllib.parse`` and ``ipaddress`` it imports) is 3-4 ms of start-up.
LOCALE_DIR: str | os.PathLike[str] = os.path.join(
    os.path.dirname(os.path.dirname(os.path.realpath(__file__))), "locale"
)

_current: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "bevilling_locale", default=None
)
_process_locale: list[str | None] = [None]
_loaded: dict[tuple[str, str], gettext.NullTranslations] = {}


class UnknownLocaleError(ValueError):
    """A locale bevilling does not speak was asked for (the CLI makes it a usage error)."""


def resolve_locale(requested: str | None = None) -> str:
    """The locale to use: ``requested``, else ``$BEVILLING_LOCALE``, else Danish.

    Accepts ``da``/``en`` and longer tags such as ``da_DK`` or ``en-GB``; anything else
    raises :class:`UnknownLocaleError` (a ``ValueError``).  ``LANG``/``LC_ALL`` are not read.

    >>> resolve_locale("en_GB.UTF-8")
    'en'
    """
    value = requested or os.environ.get(LOCALE_ENV) or DEFAULT_LOCALE
    language = value.replace("-", "_").split("_")[0].split(".")[0].lower()
    if language not in LOCALES:
        raise UnknownLocaleError(
            _(
                "unsupported locale {value}: use one of {choices}",
                value=repr(value),
                choices=", ".join(LOCALES),
            )
        )
    return language


def current_locale() -> str:
    """The locale messages are written in now.

    Set by :func:`use_locale` (for a block) or :func:`set_locale` (for the process, as the
    command line does); otherwise ``$BEVILLING_LOCALE`` when it names a locale bevilling
    speaks, otherwise Danish.
    """
    chosen = _current.get() or _process_locale[0]
    if chosen is not None:
        return chosen
    try:
        return resolve_locale(None)
    except UnknownLocaleError:
        return DEFAULT_LOCALE


def set_locale(locale: str | None) -> str:
    """Make ``locale`` (resolved as :func:`resolve_locale` does) the process's locale."""
    resolved = resolve_locale(locale)
    _process_locale[0] = resolved
    return resolved


@contextlib.contextmanager
def use_locale(locale: str | None) -> Iterator[str]:
    """Write every message in ``locale`` inside the ``with`` block (thread- and task-safe).

    >>> from bevilling.i18n.formatting import label
    >>> with use_locale("en"):
    ...     current_locale()
    'en'
    """
    token = _current.set(resolve_locale(locale))
    try:
        yield _current.get() or DEFAULT_LOCALE
    finally:
        _current.reset(token)


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for a deferred message
    """Mark ``message`` for the catalogs without translating it (it is translated where shown)."""
    return message


def domain_of(module: str) -> str:
    """The gettext domain of a module: its layer package (``bevilling.audit.totals`` → ``audit``).

    >>> domain_of("bevilling.audit.totals"), domain_of("bevilling.pytest_plugin")
    ('audit', 'bevilling')
    """
    parts = module.split(".")
    if len(parts) >= 3 and parts[0] == "bevilling" and parts[1] in DOMAINS:
        return parts[1]
    if parts[0] == "bevilling":
        return "bevilling"
    raise ValueError(f"{module!r} is not a bevilling module")


def translations(domain: str, locale: str) -> gettext.NullTranslations:
    """The compiled catalog of ``domain`` in ``locale``, loaded once per process."""
    key = (domain, locale)
    found = _loaded.get(key)
    if found is None:
        found = _loaded[key] = _load(domain, locale)
    return found


def translate(domain: str, message: str, locale: str | None = None, /, **values: object) -> str:
    """``message`` of ``domain`` in ``locale`` (default: the current one), ``values`` filled in.

    For messages marked with :func:`N_` in one layer and shown by another.
    """
    text = translations(domain, locale or current_locale()).gettext(message)
    return _fill(text, message, values)


def catalog(
    module: str,
) -> tuple[Callable[..., str], Callable[..., str]]:
    """The ``_`` and ``_n`` functions of ``module``'s domain (see the module docstring).

    ``_(message, **values)`` and ``_n(singular, plural, count, **values)`` translate into the
    current locale, or into ``locale=...`` when given, and fill ``{placeholders}`` from
    ``values`` (a message without values is returned as it is, braces and all).
    """
    domain = domain_of(module)

    def _(message: str, /, *, locale: str | None = None, **values: object) -> str:
        text = translations(domain, locale or current_locale()).gettext(message)
        return _fill(text, message, values)

    def _n(
        singular: str, plural: str, count: int, /, *, locale: str | None = None, **values: object
    ) -> str:
        text = translations(domain, locale or current_locale()).ngettext(singular, plural, count)
        return _fill(text, singular if count == 1 else plural, values)

    return _, _n


def _fill(text: str, message: str, values: dict[str, object]) -> str:
    """``text`` with ``values`` filled in; a translation whose placeholders are broken (a
    ``{name}`` the code does not pass, a stray brace) falls back to the English ``message``
    rather than crash the command (``tools/catalogs.py check`` reports such translations)."""
    if not values:
        return text
    try:
        return text.format(**values)
    except (KeyError, IndexError, ValueError, AttributeError):
        return message.format(**values)


def _(message: str, **values: object) -> str:
    """A message of this module (domain ``i18n``), in the locale in force before resolving."""
    locale = _current.get() or _process_locale[0] or DEFAULT_LOCALE
    return _fill(translations("i18n", locale).gettext(message), message, values)


def _load(domain: str, locale: str) -> gettext.NullTranslations:
    """Read ``domain``'s ``.mo`` file, or compile its ``.po`` in memory when that is newer."""
    folder = os.path.join(LOCALE_DIR, locale, "LC_MESSAGES")
    po, mo = os.path.join(folder, f"{domain}.po"), os.path.join(folder, f"{domain}.mo")
    try:
        po_time: float | None = os.stat(po).st_mtime
    except OSError:
        po_time = None
    try:
        mo_time: float | None = os.stat(mo).st_mtime
    except OSError:
        mo_time = None
    if mo_time is not None and (po_time is None or mo_time >= po_time):
        try:
            with open(mo, "rb") as handle:
                return _Catalog(handle)
        except (OSError, struct.error, UnicodeDecodeError):
            pass  # a truncated or corrupt .mo (an interrupted install): use the .po
    if po_time is not None:
        with open(po, "rb") as handle:
            return _Catalog(io.BytesIO(compile_po(handle.read())))
    # No catalog at all (a broken install): the message ids are the English wording.
    return gettext.NullTranslations()


def compile_po(data: bytes) -> bytes:
    """A ``.po`` file's bytes compiled to ``.mo`` bytes (fuzzy entries left out), with babel."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    parsed = read_po(io.BytesIO(data))
    out = io.BytesIO()
    write_mo(out, parsed, use_fuzzy=False)
    return out.getvalue()


#: The words of a little-endian ``.mo`` file after its magic number: version, number of
#: messages, offset of the table of message ids, offset of the table of translations.
_MO_HEADER = struct.Struct("<4I")
_LE_MAGIC = struct.pack("<I", gettext.GNUTranslations.LE_MAGIC)

#: The plural function of each ``Plural-Forms`` expression read so far: every catalog of a
#: language has the same one, and gettext compiles each anew (Python source, compiled).
_PLURALS: dict[str, Callable[[int], int]] = {}


def _germanic(n: int) -> int:
    """The plural function of a catalog that declares none (gettext's default)."""
    return int(n != 1)


class _Catalog(gettext.GNUTranslations):
    """``gettext.GNUTranslations``, reading its ``.mo`` file in a few calls instead of a few
    per message: every command reads two to four catalogs, and the standard reader was a
    millisecond of start-up (``b"\\0" in message``, once per message, raises and clears a
    TypeError inside CPython).  The catalog, the metadata and the plural function are those
    the standard reader gives (tests/i18n/test_catalogs.py compares them for every catalog
    shipped); a file this reader does not expect (big-endian, a corrupt table, anything that
    fails) is read by the standard reader, with its errors.
    """

    def _parse(self, fp: io.BufferedIOBase) -> None:  # type: ignore[override]
        data = fp.read()
        try:
            if self._read_quickly(data):
                return
        except Exception:  # noqa: S110 - the standard reader says what is wrong
            pass
        again = io.BytesIO(data)
        again.name = getattr(fp, "name", "")  # the standard reader names the file in its errors
        super()._parse(again)

    def _read_quickly(self, data: bytes) -> bool:
        """Read the messages of ``data`` into the catalog; False (having read nothing) for a
        file that is not a well-formed little-endian catalog."""
        if data[:4] != _LE_MAGIC or len(data) < 20:
            return False
        version, count, ids_at, texts_at = _MO_HEADER.unpack_from(data, 4)
        if version >> 16 not in self.VERSIONS:
            return False
        table = f"<{2 * count}I"
        ids = struct.unpack_from(table, data, ids_at)
        texts = struct.unpack_from(table, data, texts_at)
        id_ends = list(map(int.__add__, ids[0::2], ids[1::2]))
        text_ends = list(map(int.__add__, texts[0::2], texts[1::2]))
        if count and max(*id_ends, *text_ends) >= len(data):
            return False  # the standard reader says "File is corrupt"
        messages = [data[start:end] for start, end in zip(ids[1::2], id_ends, strict=True)]
        translations = [data[start:end] for start, end in zip(texts[1::2], text_ends, strict=True)]
        if b"" in messages[1:]:
            return False  # a second header: the standard reader reads it in turn
        info: dict[str, str] = {}
        charset, plural = self._read_header(translations[0] if messages[:1] == [b""] else b"", info)
        encoding = charset or "ascii"
        catalog: dict[str | tuple[str, int], str] = dict(
            zip(
                map(str, messages, repeat(encoding)),
                map(str, translations, repeat(encoding)),
                strict=True,
            )
        )
        for message, translation in zip(messages, translations, strict=True):
            if 0 in message:  # singular NUL plural: one entry per plural form
                del catalog[str(message, encoding)]
                singular, _plural = message.split(b"\0")
                key = str(singular, encoding)
                for index, form in enumerate(translation.split(b"\0")):
                    catalog[key, index] = str(form, encoding)
        self._catalog = catalog
        self._info, self._charset = info, charset
        self.plural = plural or _germanic
        return True

    @staticmethod
    def _read_header(
        header: bytes, info: dict[str, str]
    ) -> tuple[str | None, Callable[[int], int] | None]:
        """The charset and plural function the metadata ``header`` declares (None when it
        does not), its fields into ``info``: as the standard reader reads them."""
        charset: str | None = None
        plural: Callable[[int], int] | None = None
        last = None
        for line in header.split(b"\n"):
            item = line.decode().strip()
            if not item:
                continue
            if item.startswith("#-#-#-#-#") and item.endswith("#-#-#-#-#"):
                continue
            key = value = None
            if ":" in item:
                key, value = item.split(":", 1)
                key = key.strip().lower()
                value = value.strip()
                info[key] = value
                last = key
            elif last:
                info[last] += "\n" + item
            if key == "content-type" and value is not None:
                charset = value.split("charset=")[1]
            elif key == "plural-forms" and value is not None:
                expression = value.split(";")[1].split("plural=")[1]
                plural = _PLURALS.get(expression)
                if plural is None:
                    plural = _PLURALS[expression] = gettext.c2py(expression)
        return charset, plural
