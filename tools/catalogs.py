"""Keep the message catalogs in step with the code: extract, update, compile, check.

The catalogs are standard gettext ``.po`` files, one per layer package (domain) and language,
in ``src/bevilling/locale/<da|en>/LC_MESSAGES/<domain>.po``.  This script drives Babel's own
extraction and catalog code; the equivalent ``pybabel`` command lines are in
docs/translating.md.

    python tools/catalogs.py update [DOMAIN ...]  # extract, add new messages to the .po files
    python tools/catalogs.py check [DOMAIN ...]   # fail: a message missing, empty, fuzzy, obsolete
    python tools/catalogs.py fill da DOMAIN F.json  # set translations {message id: translation}
    python tools/catalogs.py compile              # write the .mo files (the install does this too)

``update`` keeps every translation; a message whose English wording changed comes back
*fuzzy* with the old translation, and ``check`` fails until someone has looked at it and removed
the ``#, fuzzy`` flag.  In the English catalogs a new message's translation is the message id
itself (English is the source language), so only the Danish ones need writing by hand.
"""

from __future__ import annotations

import argparse
import io
import re
import string
import sys
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "bevilling"
LOCALE_DIR = PACKAGE / "locale"
LOCALES = ("da", "en")
#: The translation functions, as Babel's ``--keyword`` spells them.
KEYWORDS = {"_": None, "_n": (1, 2), "N_": None}
COMMENT_TAGS = ("TRANSLATORS:",)
#: A fixed creation date: the files change only when their messages do.
STAMP = datetime(2026, 1, 1, tzinfo=timezone.utc)


def domain_files() -> dict[str, list[Path]]:
    """Every Python file of the package, by domain (the layer package it lives in)."""
    domains: dict[str, list[Path]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        domain = relative.parts[0] if len(relative.parts) > 1 else "bevilling"
        domains.setdefault(domain, []).append(path)
    return domains


def template(domain: str, files: list[Path]) -> Catalog:
    """The messages the code of ``domain`` asks for, as a catalog template."""
    result = Catalog(domain=domain, project="bevilling", creation_date=STAMP, fuzzy=False)
    for path in files:
        for lineno, message, comments, context in extract_from_file(
            "python",
            str(path),
            keywords=KEYWORDS,
            comment_tags=COMMENT_TAGS,
            strip_comment_tags=True,
        ):
            where = (path.relative_to(ROOT).as_posix(), lineno)
            result.add(message, None, [where], auto_comments=comments, context=context)
    return result


def po_path(locale: str, domain: str) -> Path:
    return LOCALE_DIR / locale / "LC_MESSAGES" / f"{domain}.po"


def read(path: Path, locale: str, domain: str) -> Catalog:
    if not path.exists():
        return Catalog(
            locale=locale,
            domain=domain,
            project="bevilling",
            creation_date=STAMP,
            revision_date=STAMP,
            fuzzy=False,
        )
    with path.open("rb") as handle:
        return read_po(handle, locale=locale, domain=domain)


def write(path: Path, catalog: Catalog) -> None:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, include_lineno=False, sort_output=True)
    data = buffer.getvalue()
    if not path.exists() or path.read_bytes() != data:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def _pairs(only: tuple[str, ...] = ()) -> Iterator[tuple[str, str, Catalog]]:
    for domain, files in domain_files().items():
        if only and domain not in only:
            continue
        wanted = template(domain, files)
        if not len(wanted):
            continue
        for locale in LOCALES:
            yield domain, locale, wanted


def update(*only: str) -> int:
    """Add new messages to every catalog (or those of the ``only`` domains), mark changed ones
    fuzzy, drop obsolete ones."""
    for domain, locale, wanted in _pairs(only):
        path = po_path(locale, domain)
        current = read(path, locale, domain)
        current.creation_date = STAMP
        current.revision_date = STAMP
        current.update(wanted, no_fuzzy_matching=False, update_header_comment=False)
        current.obsolete.clear()
        if locale == "en":  # the source language: the translation is the message itself
            for message in current:
                if not message.id:
                    continue
                if message.pluralizable:
                    if not all(message.string) or message.fuzzy:
                        message.string = tuple(message.id)
                elif not message.string or message.fuzzy:
                    message.string = message.id
                message.flags.discard("fuzzy")
        current.fuzzy = False
        write(path, current)
    return 0


def problems(*only: str) -> list[str]:
    """Every way the catalogs and the code disagree (empty when they agree)."""
    found: list[str] = []
    seen_domains = set()
    for domain, locale, wanted in _pairs(only):
        seen_domains.add(domain)
        path = po_path(locale, domain)
        name = path.relative_to(ROOT).as_posix()
        if not path.exists():
            found.append(f"{name}: missing (run `python tools/catalogs.py update`)")
            continue
        current = read(path, locale, domain)
        have = {message.id: message for message in current if message.id}
        for message in wanted:
            if not message.id:
                continue
            entry = have.get(message.id)
            shown = message.id if isinstance(message.id, str) else message.id[0]
            if entry is None:
                found.append(f"{name}: not in the catalog: {shown!r}")
            elif entry.fuzzy:
                found.append(f"{name}: fuzzy (review, then remove the flag): {shown!r}")
            elif (not all(entry.string)) if entry.pluralizable else (not entry.string):
                found.append(f"{name}: not translated: {shown!r}")
            else:
                found.extend(
                    f"{name}: {fault}: {text!r}"
                    for text, expected in _translated_forms(message, entry)
                    if (fault := _format_fault(text, expected, message.id))
                )
        wanted_ids = {message.id for message in wanted if message.id}
        for message_id in have.keys() - wanted_ids:
            shown = message_id if isinstance(message_id, str) else message_id[0]
            found.append(f"{name}: obsolete (no longer in the code): {shown!r}")
    found.extend(
        f"{path.relative_to(ROOT).as_posix()}: no code uses this domain"
        for path in sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po"))
        if path.stem not in seen_domains and not only
    )
    return found


_PLACEHOLDER = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)[^{}]*\}")


def _placeholders(text: str) -> set[str]:
    """The ``{name}`` placeholders of a message (``{{`` is a literal brace)."""
    return set(_PLACEHOLDER.findall(text))


def _format_fault(text: str, expected: set[str], message_id: str | tuple[str, ...]) -> str:
    """Why ``text`` would fail or differ when the code fills it with ``str.format`` (empty
    when it is fine): a placeholder the code does not pass (a KeyError at run time), one it
    leaves out, a stray brace (a ValueError), or a field with an index, attribute or item
    (``{0}``, ``{sum.real}``, ``{sum[0]}``).  A message with no placeholders is printed as it
    is, braces and all, so only its placeholders are compared."""
    ids = (message_id,) if isinstance(message_id, str) else message_id
    if not any(_placeholders(text_id) for text_id in ids):
        found = _placeholders(text)
        return f"placeholders the message does not have {sorted(found)}" if found else ""
    try:
        fields = [field for _, field, _, _ in string.Formatter().parse(text) if field is not None]
    except ValueError as error:
        return f"not a valid format string ({error})"
    if any(not field.isidentifier() for field in fields):
        return f"placeholders must be plain names like {{sum}}: {fields}"
    if set(fields) != expected:
        return f"placeholders differ from the message's {sorted(expected)}"
    return ""


def _translated_forms(message: Message, entry: Message) -> list[tuple[str, set[str]]]:
    """Each translated form with the placeholders it must have: those of its message id (a
    plural form may leave out the count's own placeholder, as "one" often does)."""
    if not entry.pluralizable:
        return [(entry.string, _placeholders(message.id))]
    singular, plural = (_placeholders(text) for text in message.id)
    return [(text, plural if index else singular) for index, text in enumerate(entry.string)]


def check(*only: str) -> int:
    found = problems(*only)
    for line in found:
        print(line, file=sys.stderr)
    if found:
        print(
            f"{len(found)} catalog problem(s): run `python tools/catalogs.py update`,"
            " translate, remove fuzzy flags",
            file=sys.stderr,
        )
    return 1 if found else 0


def compile_all() -> int:
    for path in sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po")):
        with path.open("rb") as handle:
            parsed = read_po(handle)
        with path.with_suffix(".mo").open("wb") as handle:
            write_mo(handle, parsed, use_fuzzy=False)
    return 0


def fill(locale: str, domain: str, source: Path) -> int:
    """Set translations from a JSON file ``{message id: translation}`` and clear their fuzzy
    flags (a plural message: the singular id, and a list of the two forms)."""
    import json

    wanted = json.loads(source.read_text(encoding="utf-8"))
    path = po_path(locale, domain)
    current = read(path, locale, domain)
    by_singular = {m.id[0] if isinstance(m.id, tuple) else m.id: m for m in current if m.id}
    unknown = []
    for message_id, translation in wanted.items():
        entry = by_singular.get(message_id)
        if entry is None:
            unknown.append(message_id)
            continue
        entry.string = tuple(translation) if entry.pluralizable else translation
        entry.flags.discard("fuzzy")
    write(path, current)
    for message_id in unknown:
        print(f"not in {path.name} (run update first?): {message_id!r}", file=sys.stderr)
    return 1 if unknown else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="action", required=True)
    for name in ("update", "check"):
        sub.add_parser(name).add_argument(
            "domains", nargs="*", help="only these domains (default: all)"
        )
    sub.add_parser("compile")
    filling = sub.add_parser("fill", help="set translations from a JSON file")
    filling.add_argument("locale", choices=LOCALES)
    filling.add_argument("domain")
    filling.add_argument("json", type=Path)
    args = parser.parse_args(argv)
    if args.action == "fill":
        return fill(args.locale, args.domain, args.json)
    if args.action == "compile":
        return compile_all()
    return {"update": update, "check": check}[args.action](*args.domains)


if __name__ == "__main__":
    sys.exit(main())
