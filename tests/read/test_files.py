"""Tests for bevilling.read.files: every path read or reported, encodings named right."""

from __future__ import annotations

import os
import re
import socket
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bevilling.read.files import collect_files, decode, is_ledger_name, read_text, record_format

LEDGER = "format: bevilling/1\n"


@pytest.mark.parametrize(
    ("name", "expected"),
    [("a.yaml", True), ("B.YAML", True), ("c.Yml", True), (".hidden.yaml", False),
     ("a.yaml~", False), ("a.json", False)],
)  # fmt: skip
def test_ledger_names_are_matched_in_any_case(name: str, expected: bool) -> None:
    """Windows tools write `B.YAML`; it is a ledger. Hidden files and backups are not."""
    assert expected == is_ledger_name(name)


@pytest.mark.parametrize(
    ("encoding", "bom", "name"),
    [("utf-32-le", b"\xff\xfe\x00\x00", "UTF-32"), ("utf-32-be", b"\x00\x00\xfe\xff", "UTF-32"),
     ("utf-32-le", b"", "UTF-32"), ("utf-32-be", b"", "UTF-32"),
     ("utf-16-le", b"\xff\xfe", "UTF-16"), ("utf-16-be", b"\xfe\xff", "UTF-16"),
     ("utf-16-le", b"", "UTF-16"), ("utf-16-be", b"", "UTF-16")],
)  # fmt: skip
def test_wide_encodings_are_named_with_or_without_a_bom(
    encoding: str, bom: bytes, name: str
) -> None:
    """UTF-32 is not called UTF-16 (its BOM starts like UTF-16's), and no BOM is needed."""
    text, problems = decode(bom + LEDGER.encode(encoding), "l.yaml")
    assert (None, [f"filen er {name}-tekst; bevillingsfiler skal være UTF-8"]) == (
        text,
        [p.message for p in problems],
    )


def test_a_lone_carriage_return_is_kept_for_the_tree_to_map() -> None:
    """CRLF becomes LF; a lone CR stays (YAML breaks a line there; the tree maps it back)."""
    assert ("a: 1\nb: 'x\ry'\n", []) == decode(b"a: 1\r\nb: 'x\ry'\r\n", "l.yaml")


def test_a_socket_in_a_ledger_directory_is_reported(tmp_path: Path) -> None:
    """A socket named `s.yaml` is reported as a socket, never opened."""
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(tmp_path / "s.yaml"))
        files, problems = collect_files([tmp_path])
    finally:
        server.close()
    assert (
        [],
        [f"{tmp_path / 's.yaml'} er en socket, ikke en bevillingsfil; den er ikke læst"],
    ) == (
        files,
        [p.message for p in problems],
    )


def test_a_fifo_swapped_in_after_the_walk_is_not_waited_for(tmp_path: Path) -> None:
    """Reading opens without blocking and checks the file type on the open descriptor."""
    os.mkfifo(tmp_path / "l.yaml")
    text, problems = read_text(str(tmp_path / "l.yaml"))
    assert (None, ["unreadable"]) == (text, [p.code for p in problems])


def test_a_directory_of_no_ledgers_and_a_missing_path_are_reported(tmp_path: Path) -> None:
    """Both kinds of path problem, each naming the path the user gave."""
    missing = tmp_path / "nowhere"
    _, problems = collect_files([tmp_path, missing])
    assert [("no-ledgers", str(tmp_path)), ("unreadable", str(missing))] == [
        (p.code, p.location.file) for p in problems
    ]


#: The format line of a change or spending file, as record_format read it first.
_FORMAT_LINE = re.compile(
    r"(?:[ \t]*(?:#[^\n]*)?\n)*format:[ \t]*(['\"]?)(bevilling-(?:changes|spending)/1)\1"
    r"[ \t]*(?:#[^\n]*)?(?:\n|\Z)"
)
FORMAT_PIECES = st.lists(
    st.sampled_from(
        ["format:", "format: ", " ", "\t", "'", '"', "bevilling/1", "bevilling-changes/1",
         "bevilling-spending/1", "bevilling-", "# c", "\n", "x", " " * 190, "bevilling-x/1"]
    ),
    max_size=7,
).map("".join)  # fmt: skip


@given(FORMAT_PIECES)
def test_the_format_of_a_record_file_is_read_as_the_pattern_reads_it(text: str) -> None:
    """record_format decides a ledger's `format: bevilling/1` without the pattern (start-up)
    and anything else with it: the same answer as the pattern on every text."""
    match = _FORMAT_LINE.match(text)
    assert (match.group(2) if match else None) == record_format(text)
