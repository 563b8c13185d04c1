"""Tests for bevilling.i18n.catalogs and the catalogs themselves (tools/catalogs.py)."""

from __future__ import annotations

import doctest
import gettext
import importlib.util
import io
import os
import struct
import subprocess
import sys
import threading
from pathlib import Path
from types import ModuleType

import pytest

from bevilling.i18n import catalogs
from bevilling.i18n.catalogs import (
    DOMAINS,
    LOCALE_DIR,
    LOCALES,
    N_,
    catalog,
    compile_po,
    current_locale,
    domain_of,
    resolve_locale,
    translate,
    use_locale,
)

ROOT = Path(__file__).resolve().parents[2]


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("catalog_tool", ROOT / "tools" / "catalogs.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_docstring_examples() -> None:
    """The examples in the module's docstrings hold."""
    assert 0 == doctest.testmod(catalogs).failed


def test_every_message_of_the_code_is_in_both_catalogs_translated_and_not_fuzzy() -> None:
    """Extract the messages from the code and compare with every .po file: nothing missing,
    empty, fuzzy or obsolete (the fix is `python tools/catalogs.py update`, then translate)."""
    assert [] == _tool().problems()


def test_the_check_finds_a_missing_an_empty_and_a_fuzzy_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The catalog check is not a test that cannot fail: a new message, an untranslated one
    and a fuzzy one are each reported."""
    tool = _tool()
    package = tmp_path / "src" / "bevilling"
    (package / "audit").mkdir(parents=True)
    (package / "audit" / "x.py").write_text(
        '_("one")\n_("two")\n_("three")\n_n("{n} row", "{n} rows", 2)\n', encoding="utf-8"
    )
    monkeypatch.setattr(tool, "ROOT", tmp_path)
    monkeypatch.setattr(tool, "PACKAGE", package)
    monkeypatch.setattr(tool, "LOCALE_DIR", package / "locale")
    assert 0 == tool.update()
    da = tool.po_path("da", "audit")
    text = da.read_text(encoding="utf-8")
    text = text.replace('msgid "one"\nmsgstr ""', 'msgid "one"\nmsgstr "en"')
    text = text.replace(
        'msgid "{n} row"\nmsgid_plural "{n} rows"\nmsgstr[0] ""\nmsgstr[1] ""',
        'msgid "{n} row"\nmsgid_plural "{n} rows"\n'
        'msgstr[0] "{n} række"\nmsgstr[1] "{antal} rækker"',
    )
    text = text.replace('msgid "three"\nmsgstr ""', '#, fuzzy\nmsgid "three"\nmsgstr "tre"')
    da.write_text(text, encoding="utf-8")
    (package / "audit" / "x.py").write_text(
        '_("one")\n_("two")\n_("three")\n_("four")\n_n("{n} row", "{n} rows", 2)\n',
        encoding="utf-8",
    )
    found = "\n".join(tool.problems())
    assert "not in the catalog: 'four'" in found
    assert "da/LC_MESSAGES/audit.po: not translated: 'two'" in found
    assert "fuzzy (review, then remove the flag): 'three'" in found
    assert "placeholders differ from the message's ['n']: '{antal} rækker'" in found
    assert "'one'" not in found
    assert "en/LC_MESSAGES/audit.po: not translated" not in found


def test_every_domain_has_a_catalog_in_every_locale() -> None:
    """Each layer's catalog exists in Danish and English (a missing one would speak English)."""
    tool = _tool()
    domains = {d for d, files in tool.domain_files().items() if len(tool.template(d, files))}
    assert domains <= set(DOMAINS)
    for domain in domains:
        for locale in LOCALES:
            assert (Path(LOCALE_DIR) / locale / "LC_MESSAGES" / f"{domain}.po").is_file()


def test_the_catalogs_compile_and_the_installed_ones_are_current() -> None:
    """Every .po compiles; where a compiled .mo exists beside it, it says the same."""
    for po in sorted(Path(LOCALE_DIR).glob("*/LC_MESSAGES/*.po")):
        compiled = gettext.GNUTranslations(io.BytesIO(compile_po(po.read_bytes())))
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            with mo.open("rb") as handle:
                shipped = gettext.GNUTranslations(handle)
            assert compiled._catalog == shipped._catalog, po  # type: ignore[attr-defined]


def test_danish_is_the_default_and_lang_is_not_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """With no --locale and no $BEVILLING_LOCALE, messages are Danish, whatever LANG says."""
    monkeypatch.delenv("BEVILLING_LOCALE", raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")
    monkeypatch.setenv("LANGUAGE", "en")
    assert "da" == current_locale()
    assert "I alt" == translate("i18n", "Total")


def test_the_environment_variable_chooses_english(monkeypatch: pytest.MonkeyPatch) -> None:
    """$BEVILLING_LOCALE=en gives English; an unknown value there falls back to Danish."""
    monkeypatch.setenv("BEVILLING_LOCALE", "en_GB")
    assert "en" == current_locale()
    monkeypatch.setenv("BEVILLING_LOCALE", "fr")
    assert "da" == current_locale()


def test_an_unknown_locale_is_refused_in_the_current_language() -> None:
    """Asking for a locale bevilling does not speak is an error that names the choices."""
    with pytest.raises(ValueError, match="understøttes ikke: brug et af da, en"):
        resolve_locale("fr")
    with use_locale("en"), pytest.raises(ValueError, match="unsupported locale 'fr'"):
        resolve_locale("fr")


def test_use_locale_is_local_to_the_block_and_to_the_thread() -> None:
    """A block in English does not change the language of another thread, nor after it."""
    _, _n = catalog("bevilling.i18n.formatting")
    seen: list[str] = []
    with use_locale("en"):
        thread = threading.Thread(target=lambda: seen.append(_("Total")))
        thread.start()
        thread.join()
        assert "Total" == _("Total")
    assert ["I alt"] == seen
    assert "I alt" == _("Total")


def test_plural_forms_in_both_languages() -> None:
    """One and several, in Danish and English."""
    _, _n = catalog("bevilling.i18n.formatting")
    forms = [
        _n("{count} appropriation", "{count} appropriations", n, locale=loc, count=n)
        for loc in LOCALES
        for n in (1, 2)
    ]
    assert ["1 bevilling", "2 bevillinger", "1 appropriation", "2 appropriations"] == forms


def test_a_message_without_values_keeps_its_braces() -> None:
    """Only messages given values are formatted: a literal brace is not an error."""
    _, _n = catalog("bevilling.i18n.formatting")
    assert "{not a placeholder}" == _("{not a placeholder}")
    assert "x" == N_("x")


@pytest.mark.parametrize(
    "translation",
    ["{sum} stray } brace", "{sum} {unknown}", "{0}", "{sum.real}", "{sum[0]}", "{sum"],
)
def test_the_check_finds_a_translation_that_would_break_formatting(
    translation: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A translation that `str.format` would refuse (a stray brace, a placeholder the code
    does not pass) or that reaches into a value (`{sum.real}`, `{0}`) fails the check."""
    tool = _tool()
    package = tmp_path / "src" / "bevilling"
    (package / "audit").mkdir(parents=True)
    (package / "audit" / "x.py").write_text('_("sum {sum}", sum=1)\n', encoding="utf-8")
    monkeypatch.setattr(tool, "ROOT", tmp_path)
    monkeypatch.setattr(tool, "PACKAGE", package)
    monkeypatch.setattr(tool, "LOCALE_DIR", package / "locale")
    assert 0 == tool.update()
    da = tool.po_path("da", "audit")
    text = da.read_text(encoding="utf-8")
    da.write_text(
        text.replace(
            'msgid "sum {sum}"\nmsgstr ""', f'msgid "sum {{sum}}"\nmsgstr "{translation}"'
        ),
        encoding="utf-8",
    )
    found = tool.problems()
    assert 1 == len(found), found
    assert found[0].startswith("src/bevilling/locale/da/LC_MESSAGES/audit.po: "), found


def test_a_broken_translation_falls_back_to_english_instead_of_crashing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Should a translation with a broken placeholder ship all the same, the message is
    written in English rather than the command dying with a KeyError or ValueError."""
    folder = tmp_path / "da" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "i18n.po").write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgid "sum {sum}"\nmsgstr "summen {summen}"\n\n'
        'msgid "stated {stated}"\nmsgstr "oplyst {stated} }"\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(catalogs, "LOCALE_DIR", tmp_path)
    monkeypatch.setattr(catalogs, "_loaded", {})
    _, _n = catalog("bevilling.i18n.formatting")
    with use_locale("da"):
        assert ["sum 1", "stated {2}"] == [
            _("sum {sum}", sum=1),
            _("stated {stated}", stated="{2}"),
        ]
        assert "sum 1" == translate("i18n", "sum {sum}", sum=1)


@pytest.mark.parametrize(
    ("module", "expected"),
    [("bevilling.read.loader", "read"), ("bevilling.cli.commands.check", "cli"),
     ("bevilling", "bevilling"), ("bevilling.pytest_plugin", "bevilling")],
)  # fmt: skip
def test_the_domain_is_the_layer(module: str, expected: str) -> None:
    """A module's catalog is its layer package's."""
    assert expected == domain_of(module)


def test_a_stale_compiled_catalog_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A .mo older than its .po (the .po edited since the install) is ignored: the .po is
    compiled in memory, so an edited wording is never shown in its old form."""
    folder = tmp_path / "da" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    po = folder / "i18n.po"
    po.write_text('msgid ""\nmsgstr "Content-Type: text/plain; charset=utf-8\\n"\n\n'
                  'msgid "Total"\nmsgstr "Gammel"\n', encoding="utf-8")  # fmt: skip
    (folder / "i18n.mo").write_bytes(compile_po(po.read_bytes()))
    po.write_text(po.read_text(encoding="utf-8").replace("Gammel", "Ny"), encoding="utf-8")
    old = po.stat().st_mtime - 10
    os.utime(folder / "i18n.mo", (old, old))
    monkeypatch.setattr(catalogs, "LOCALE_DIR", tmp_path)
    monkeypatch.setattr(catalogs, "_loaded", {})
    assert "Ny" == translate("i18n", "Total", "da")


@pytest.mark.parametrize("content", [b"", b"\xde\x12\x04\x95\x00", b"not a catalog at all"])
def test_a_corrupt_compiled_catalog_falls_back_to_the_po(
    content: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A truncated or corrupt .mo (an interrupted install, a full disk) newer than its .po
    does not crash every command with a struct.error: the .po is compiled instead."""
    folder = tmp_path / "da" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    po = folder / "i18n.po"
    po.write_text('msgid ""\nmsgstr "Content-Type: text/plain; charset=utf-8\\n"\n\n'
                  'msgid "Total"\nmsgstr "I alt"\n', encoding="utf-8")  # fmt: skip
    (folder / "i18n.mo").write_bytes(content)
    new = po.stat().st_mtime + 10
    os.utime(folder / "i18n.mo", (new, new))
    monkeypatch.setattr(catalogs, "LOCALE_DIR", tmp_path)
    monkeypatch.setattr(catalogs, "_loaded", {})
    assert "I alt" == translate("i18n", "Total", "da")


def test_the_cli_module_imports_no_catalog_for_version() -> None:
    """`bevilling --version` reads no catalog and imports no babel (start-up stays lean)."""
    code = (
        "import sys\nfrom bevilling.cli import main\nmain(['--version'])\n"
        "from bevilling.i18n import catalogs\n"
        "assert not catalogs._loaded, catalogs._loaded\n"
        "assert 'babel' not in sys.modules\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert 0 == result.returncode, result.stderr


# --- the quick reader of .mo files (catalogs._Catalog) -----------------------------------------


def _outcome(reader: type[gettext.GNUTranslations], data: bytes) -> tuple[object, ...]:
    """What ``reader`` makes of the ``.mo`` bytes ``data``: its catalog, metadata, charset and
    plural forms, or the exception it raises."""
    try:
        read = reader(io.BytesIO(data))
    except Exception as exc:
        return (type(exc), str(exc))
    forms = [read.plural(n) for n in (0, 1, 2, 5, 11, 21, 101)]
    return (read._catalog, read._info, read._charset, forms)  # type: ignore[attr-defined]


def _shipped() -> list[Path]:
    return sorted(Path(LOCALE_DIR).glob("*/LC_MESSAGES/*.mo"))


@pytest.mark.parametrize("path", _shipped(), ids=lambda p: f"{p.parts[-3]}-{p.stem}")
def test_the_quick_reader_reads_every_catalog_as_gettext_does(path: Path) -> None:
    """Every compiled catalog shipped gives the same messages, plural messages, metadata and
    plural forms with the quick reader as with gettext's own."""
    data = path.read_bytes()
    assert _outcome(gettext.GNUTranslations, data) == _outcome(catalogs._Catalog, data)


def _big_endian(data: bytes) -> bytes:
    """The little-endian catalog ``data`` written big-endian (as some tools write them)."""
    count, ids_at, texts_at = struct.unpack_from("<3I", data, 8)
    out = bytearray(data)
    struct.pack_into(">5I", out, 0, *struct.unpack_from("<5I", data, 0))
    for at in (ids_at, texts_at):
        table = struct.unpack_from(f"<{2 * count}I", data, at)
        struct.pack_into(f">{2 * count}I", out, at, *table)
    return bytes(out)


def _patched(data: bytes, at: int, value: bytes) -> bytes:
    return data[:at] + value + data[at + len(value) :]


def _hostile() -> dict[str, bytes]:
    """Catalog files gettext's reader refuses, or reads in its own way."""
    data = (Path(LOCALE_DIR) / "da" / "LC_MESSAGES" / "cli.mo").read_bytes()
    count, ids_at, texts_at = struct.unpack_from("<3I", data, 8)
    last_text = struct.unpack_from("<II", data, texts_at + 8 * (count - 1))
    second_id = struct.unpack_from("<II", data, ids_at + 8)
    return {
        "empty": b"",
        "short": data[:10],
        "truncated": data[: len(data) // 2],
        "bad-magic": _patched(data, 0, b"\x00\x00\x00\x00"),
        "bad-version": _patched(data, 4, struct.pack("<I", 7 << 16)),
        "past-the-end": _patched(
            data, texts_at + 8 * (count - 1) + 4, struct.pack("<I", len(data))
        ),
        "not-utf8": _patched(data, last_text[1], b"\xff"),
        "second-header": _patched(data, ids_at + 8, struct.pack("<I", 0)),
        "two-nuls": _patched(data, second_id[1], b"a\x00b\x00"),
        "no-messages": _patched(data, 8, struct.pack("<I", 0)),
        "big-endian": _big_endian(data),
    }


@pytest.mark.parametrize("name", sorted(_hostile()))
def test_the_quick_reader_fails_as_gettext_does(name: str) -> None:
    """A corrupt, truncated, foreign or odd catalog file gives what gettext's reader gives:
    the same catalog, or the same exception (the loader then reads the `.po` file)."""
    data = _hostile()[name]
    assert _outcome(gettext.GNUTranslations, data) == _outcome(catalogs._Catalog, data)


def test_catalogs_of_one_language_share_their_plural_function() -> None:
    """gettext compiles the plural expression of every catalog anew; read once, it is kept."""
    first, second = (
        catalogs._Catalog(
            io.BytesIO((Path(LOCALE_DIR) / "da" / "LC_MESSAGES" / f"{d}.mo").read_bytes())
        )
        for d in ("cli", "audit")
    )
    assert first.plural is second.plural
