"""The hostile corpus in tests/hostile/: each file and the exact problems it must produce.

Every file is something a user, a converter or an attacker could put in a ledger directory.
The loader must answer each with problems that have a file and a line, quickly, and never
with an exception, a hang, memory exhaustion or a silent misread.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from bevilling.i18n.catalogs import use_locale
from bevilling.read import load

HOSTILE = Path(__file__).parent / "hostile"

MISSING_HEADER = [("missing-field", 1)] * 4

EXPECTED: dict[str, list[tuple[str, int]]] = {
    "alias-bomb.yaml": [*MISSING_HEADER, ("yaml-alias", 2)]
    + [("unknown-field", line) for line in range(2, 11)],
    "bom.yaml": [],
    "control-char.yaml": [("yaml-syntax", 9)],
    "crlf.yaml": [],
    "danish-amount-26-digits.yaml": [("amount-out-of-range", 10)],
    "danish-amount-in-plain-ledger.yaml": [("bad-number", 10)],
    "danish-notation-english-grouping.yaml": [("ambiguous-number", 11), ("ambiguous-number", 12)],
    "deep-block-nesting.yaml": [*MISSING_HEADER, ("unknown-field", 2), ("too-deep", 34)],
    # Flow nesting past the limit stops the parse: libyaml's cost grows with the square of it.
    "deep-nesting.yaml": [("too-deep", 2)],
    "duplicate-keys.yaml": [("duplicate-key", line) for line in (3, 8, 10, 14, 15, 19)],
    "empty.yaml": [("empty-file", 1)],
    "expires-as-date.yaml": [("bad-expiry", 9), ("bad-expiry", 10), ("bad-expiry", 11)],
    "format-2.yaml": [("bad-format", 1)],
    "key-is-a-list.yaml": [*MISSING_HEADER, ("wrong-type", 2), ("unknown-field", 2)],
    "latin1.yaml": [("not-utf8", 9)],
    "line-separator-in-title.yaml": [("ambiguous-number", 10)],
    "list-document.yaml": [("bad-format", 1)],
    "misplaced-row.yaml": [("misplaced-row", 12)],
    "multiple-documents.yaml": [("multiple-documents", 10)],
    "not-a-ledger.yaml": [("bad-format", 1)],
    "nul-byte.yaml": [("not-utf8", 9)],
    "null-document.yaml": [("empty-file", 1)],
    "numbers-every-notation.yaml": [("ambiguous-number", 9), ("ambiguous-number", 10)]
    + [("bad-number", line) for line in range(11, 23)]
    + [("missing-field", 23)]
    + [("bad-number", line) for line in range(24, 28)],
    "only-comments.yaml": [("empty-file", 1)],
    "plain-amount-29-digits.yaml": [("amount-out-of-range", 9), ("amount-out-of-range", 10)],
    "python-name.yaml": [("yaml-tag", 1)],
    "python-object-apply.yaml": [("yaml-tag", 9), ("wrong-type", 9)],
    "sexagesimal.yaml": [("bad-number", 9), ("bad-number", 10)],
    "tab-indent.yaml": [("yaml-syntax", 10)],
    "unclosed-quote.yaml": [("yaml-syntax", 10)],
    "utf16.yaml": [("not-utf8", 1)],
    "utf32.yaml": [("not-utf8", 1)],
    "yaml11-booleans.yaml": [],
}


def test_the_corpus_and_the_table_agree() -> None:
    """Every file in tests/hostile/ has its expected problems listed here, and vice versa."""
    assert sorted(EXPECTED) == sorted(os.listdir(HOSTILE))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_hostile_file_gives_exactly_its_problems(name: str) -> None:
    """Each hostile file produces exactly the listed (code, line) problems, in order."""
    result = load(HOSTILE / name)
    assert EXPECTED[name] == [(p.code, p.location.line) for p in result.problems]
    assert all(p.location.file == str(HOSTILE / name) and p.hint for p in result.problems)


def test_yaml_11_booleans_stay_text() -> None:
    """`NO`, `on`, `off`, `y`, `Yes` are the text written, not booleans."""
    (row,) = load(HOSTILE / "yaml11-booleans.yaml").ledgers[0].tables[0].appropriations
    assert ("yes", "NO", "on", "off", "y", "Yes") == (
        row.title, row.organisation, row.target_group, row.source, row.committee,
        row.description,
    )  # fmt: skip


def test_python_tags_are_never_constructed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Loading `!!python/object/apply:os.system` runs nothing."""
    calls: list[str] = []
    monkeypatch.setattr(os, "system", lambda command: calls.append(command) or 0)
    load(HOSTILE / "python-object-apply.yaml")
    assert [] == calls


def test_a_50_mb_scalar_is_read_without_trouble(tmp_path: Path) -> None:
    """A single 50 MB description loads (it is valid, if odd) in bounded time and memory."""
    path = tmp_path / "big.yaml"
    head = (HOSTILE / "crlf.yaml").read_text(encoding="utf-8").split("      - {")[0]
    path.write_text(
        head + "      - title: x\n        amount: 1\n        expires: 2016\n"
        "        description: " + "ø" * (25 * 1024 * 1024) + "\n",
        encoding="utf-8",
    )
    start = time.perf_counter()
    result = load(path)
    elapsed = time.perf_counter() - start
    assert ((), 25 * 1024 * 1024) == (
        result.problems,
        len(result.ledgers[0].appropriations[0].description or ""),
    )
    assert elapsed < 60  # a hang guard, not a benchmark


def test_a_directory_loop_through_a_symlink_ends(tmp_path: Path) -> None:
    """A symlink from a directory to its ancestor is not followed, so the walk ends."""
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "up").symlink_to(tmp_path / "a", target_is_directory=True)
    (tmp_path / "a" / "l.yaml").write_bytes((HOSTILE / "bom.yaml").read_bytes())
    result = load(tmp_path)
    assert ((), 1) == (result.problems, len(result.ledgers))


def test_a_symlinked_file_twice_is_loaded_once(tmp_path: Path) -> None:
    """A ledger reachable by two names is one ledger, not a duplicate."""
    (tmp_path / "l.yaml").write_bytes((HOSTILE / "bom.yaml").read_bytes())
    (tmp_path / "m.yaml").symlink_to(tmp_path / "l.yaml")
    assert 1 == len(load(tmp_path).ledgers)


def test_a_dangling_symlink_is_unreadable(tmp_path: Path) -> None:
    """A link to nothing, named on the command line, is a path problem."""
    (tmp_path / "gone.yaml").symlink_to(tmp_path / "nowhere.yaml")
    assert ["unreadable"] == [p.code for p in load(tmp_path / "gone.yaml").problems]


# --- issue 10 and 11: hints that cannot mislead, every path read or reported, no crash, no hang


def problem_lines(path: Path) -> list[str]:
    """Each problem of ``path`` as `file:line: message | hint`, the way `check` shows it."""
    return [f"{p.location}: {p.message} | {p.hint}" for p in load(path).problems]


def test_a_danish_amount_in_a_plain_ledger_gets_the_value_it_means() -> None:
    """`amount: 1.234,5` is 1234.5: the hint says so (it used to say 1.2345, 1000x too small)."""
    path = HOSTILE / "danish-amount-in-plain-ledger.yaml"
    assert [
        f"{path}:10: `amount`: '1.234,5' er ikke et tal skrevet med cifre og evt. decimalpunktum"
        " | skriv 1234.5 (uden `number_format: da` skrives tal med decimalpunktum og uden"
        " tusindtalsseparator), eller angiv `number_format: da` for at skrive tal på dansk som"
        " '1.234,5'"
    ] == problem_lines(path)
    with use_locale("en"):
        assert [
            f"{path}:10: `amount`: '1.234,5' is not a plain number | write 1234.5 (plain ledgers"
            " use a decimal point and no thousands separator), or declare `number_format: da` to"
            " write Danish numbers such as '1.234,5'"
        ] == problem_lines(path)


def test_amounts_out_of_range_are_findings_not_crashes() -> None:
    """26 Danish digits (babel raised InvalidOperation) and 29 plain digits are refused."""
    danish = load(HOSTILE / "danish-amount-26-digits.yaml")
    plain = load(HOSTILE / "plain-amount-29-digits.yaml")
    assert ((), ()) == (danish.ledgers, plain.ledgers)
    assert all("højst 15 cifre" in p.message for p in (*danish.problems, *plain.problems))


def test_expiry_written_as_a_date_suggests_the_year() -> None:
    """`ultimo 2017`, `31.12.2017` and `17` each get "did you mean `2017`?"."""
    path = HOSTILE / "expires-as-date.yaml"
    assert ["mente du `2017`?"] * 3 == [p.hint for p in load(path).problems]
    assert f"{path}:9" == str(load(path).problems[0].location)


def test_a_tab_in_the_indentation_is_named() -> None:
    """The finding says "tab", the line and the column, not only libyaml's token message."""
    path = HOSTILE / "tab-indent.yaml"
    (problem,) = load(path).problems
    assert (
        f"{path}:10",
        "linje 10 er indrykket med et tabulatortegn (kolonne 1); YAML indrykker kun med mellemrum",
    ) == (str(problem.location), problem.message)


def test_a_row_indented_as_a_table_is_one_finding() -> None:
    """Two rows at the level of `- name:` are one finding pointing under `appropriations:`."""
    path = HOSTILE / "misplaced-row.yaml"
    (problem,) = load(path).problems
    assert (f"{path}:12", True) == (
        str(problem.location),
        (problem.hint or "").startswith("ryk den (og eventuelle rækker efter den) ind under"
                                        " `appropriations:` på linje 8"),
    )  # fmt: skip


def test_line_separators_inside_a_title_do_not_shift_later_lines() -> None:
    """U+2028 and U+0085 in a quoted title: the `1.200` below is still reported on line 10."""
    result = load(HOSTILE / "line-separator-in-title.yaml")
    text = result.sources[str(HOSTILE / "line-separator-in-title.yaml")]
    assert "amount: 1.200" in text.split("\n")[result.problems[0].location.line - 1]


def test_utf32_is_named_utf32() -> None:
    """A UTF-32 file (with its BOM) is reported as UTF-32, not as UTF-16."""
    assert ["filen er UTF-32-tekst; bevillingsfiler skal være UTF-8"] == [
        p.message for p in load(HOSTILE / "utf32.yaml").problems
    ]


def test_utf16_without_a_bom_is_named(tmp_path: Path) -> None:
    """UTF-16 without a byte order mark is recognised by its zero bytes, not as NUL bytes."""
    path = tmp_path / "l.yaml"
    path.write_bytes("format: bevilling/1\n".encode("utf-16-le"))
    assert ["filen er UTF-16-tekst; bevillingsfiler skal være UTF-8"] == [
        p.message for p in load(path).problems
    ]


def test_an_upper_case_extension_is_read(tmp_path: Path) -> None:
    """`B.YAML` and `c.Yml` in a ledger folder are ledgers too, not skipped silently."""
    for name in ("a.yaml", "B.YAML", "c.Yml"):
        (tmp_path / name).write_bytes((HOSTILE / "bom.yaml").read_bytes())
    result = load(tmp_path)
    assert ((), 3) == (result.problems, len(result.ledgers))


def test_an_unreadable_subdirectory_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A subdirectory that cannot be listed is an `unreadable` problem naming it."""
    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "l.yaml").write_bytes((HOSTILE / "bom.yaml").read_bytes())
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "m.yaml").write_bytes((HOSTILE / "bom.yaml").read_bytes())
    real_scandir = os.scandir

    def scandir(path: str) -> object:  # what chmod 000 does for a user other than root
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = load(tmp_path)
    assert ([("unreadable", str(tmp_path / "locked"))], 1) == (
        [(p.code, p.location.file) for p in result.problems],
        len(result.ledgers),
    )


def test_a_fifo_in_a_ledger_folder_is_reported_not_opened(tmp_path: Path) -> None:
    """A named pipe called `x.yaml` would hang a read forever: it is reported instead."""
    (tmp_path / "l.yaml").write_bytes((HOSTILE / "bom.yaml").read_bytes())
    os.mkfifo(tmp_path / "x.yaml")
    for result in (load(tmp_path), load([tmp_path / "x.yaml"])):
        assert [("unreadable", str(tmp_path / "x.yaml"))] == [
            (p.code, p.location.file) for p in result.problems
        ]
        assert "navngiven pipe" in result.problems[0].message


def test_a_device_named_directly_is_reported() -> None:
    """`bevilling check /dev/zero` reports the path; it never reads endless zeros."""
    assert ["/dev/zero er en enhed (device), ikke en bevillingsfil; den er ikke læst"] == [
        p.message for p in load("/dev/zero").problems
    ]


def test_deep_flow_nesting_stops_early(monkeypatch: pytest.MonkeyPatch) -> None:
    """300 000 levels of `[` (600 KB) stop at the depth limit: a handful of parser events."""
    from bevilling.read import yamltree as yt

    pulled = 0
    real_events = yt._events

    def counting(text: str) -> object:
        nonlocal pulled
        for event in real_events(text):
            pulled += 1
            yield event

    monkeypatch.setattr(yt, "_events", counting)
    text = "format: bevilling/1\ntitle: " + "[" * 300_000 + "]" * 300_000 + "\n"
    path_problems = [(p.code, p.location.line) for p in load_string_problems(text)]
    assert ([("too-deep", 2)], True) == (path_problems, pulled < 100)


def load_string_problems(text: str) -> tuple[object, ...]:
    """The problems of one ledger text."""
    from bevilling.read import load_string

    return tuple(load_string(text).problems)
