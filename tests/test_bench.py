"""The benchmark scripts (bench/generate.py, bench/run.py) at tiny sizes.

The figures in bench/README.md are only as good as the inputs they were measured on: these
tests make sure the generated ledgers are what they claim (the hand-written features really
occur, both layouts load without a problem and check without an error) and that bench/run.py
runs every report command.  No timing is asserted.
"""

from __future__ import annotations

import collections
import hashlib
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import bevilling
from bevilling.cli import main

BENCH = Path(__file__).resolve().parent.parent / "bench"
ROUND_AMOUNTS = {"100", "200", "250", "500", "1000", "1500", "2000", "5000"}


def generate(tmp_path: Path, n: int, *options: str, name: str | None = None) -> Path:
    """Run bench/generate.py as a user does and return the file it wrote."""
    out = tmp_path / (name or f"ledger-{n}-{'-'.join(options) or 'plain'}.yaml")
    completed = subprocess.run(
        [sys.executable, str(BENCH / "generate.py"), str(n), str(out), *options],
        capture_output=True,
        text=True,
        check=False,
    )
    assert 0 == completed.returncode, completed.stderr
    return out


def bench_run(*options: str) -> subprocess.CompletedProcess[str]:
    """Run bench/run.py with ``options``."""
    return subprocess.run(
        [sys.executable, str(BENCH / "run.py"), *options],
        capture_output=True,
        text=True,
        check=False,
    )


def nodes(node: yaml.Node) -> list[yaml.Node]:
    """Every node of a composed YAML tree, depth first."""
    found = [node]
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            found += nodes(key) + nodes(value)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            found += nodes(item)
    return found


def values_of(tree: yaml.Node, key: str) -> list[yaml.Node]:
    """The value nodes of every ``key:`` in the tree."""
    return [
        value
        for node in nodes(tree)
        if isinstance(node, yaml.MappingNode)
        for k, value in node.value
        if k.value == key
    ]


def test_plain_style_is_the_layout_measured_before(tmp_path: Path) -> None:
    """``--style plain`` (the default) writes byte for byte what generate.py wrote when the
    figures in bench/README.md were measured, so old and new runs compare."""
    path = generate(tmp_path, 1000, "--style", "plain")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert "3b58a3c5311c37183b05af454842a8568b9a1d22939abed4ce6630b082afd6a9" == digest


def test_plain_style_from_the_command_line_is_the_default(tmp_path: Path) -> None:
    """``generate.py N OUT --style plain`` and ``generate.py N OUT`` write the same file."""
    default = generate(tmp_path, 50, name="default.yaml")
    plain = generate(tmp_path, 50, "--style", "plain")
    assert default.read_bytes() == plain.read_bytes()


@pytest.mark.parametrize("style", ["plain", "hand"])
@pytest.mark.parametrize("n", [1, 50, 1000])
def test_generated_ledgers_load_without_problems_and_check_clean(
    tmp_path: Path, style: str, n: int
) -> None:
    """Both layouts load with no problem at all, hold ``n`` appropriations, and ``bevilling
    check`` exits 0 (stated totals that hold)."""
    path = generate(tmp_path, n, "--style", style)
    ledgers = bevilling.load(path)
    assert [] == [str(p) for p in ledgers.problems]
    assert n == sum(1 for _ in ledgers.entries())
    report = bevilling.check(ledgers)
    assert [] == [str(p) for p in report.problems if p.is_error]
    assert 0 == main(["check", str(path)])


def test_hand_style_has_every_hand_written_feature(tmp_path: Path) -> None:
    """``--style hand`` writes folded descriptions on most rows, flow-style profiles, comments
    between rows, titles quoted because of ``:`` and `` #`` (with escapes), blank lines
    between tables, and round amounts and expiries that many rows share."""
    path = generate(tmp_path, 1000, "--style", "hand")
    text = path.read_text(encoding="utf-8")
    tree = yaml.compose(text, Loader=yaml.CSafeLoader)
    descriptions = values_of(tree, "description")
    folded = [d for d in descriptions if d.style == ">"]
    assert len(folded) > len(descriptions) // 2
    assert re.search(r"\n {8}description: >-\n {10}\S", text)
    assert any("\n" in d.value for d in descriptions if d.style == "|")
    profiles = values_of(tree, "profile")
    assert any(p.flow_style for p in profiles)
    assert re.search(r"\n {8}profile: \{20\d\d: \d+, 20\d\d: \d+", text)
    assert values_of(tree, "stated_years")[0].flow_style
    # Comments between rows (above a `- id:` line, after a row's last key), after values.
    assert re.search(r"\n {8}\w+: [^\n]+\n {6}# [^\n]+\n {6}- id: R", text)
    assert re.search(r"\n {8}amount: \d+ +# ", text)
    titles = values_of(tree, "title")
    assert any(t.style == '"' and ": " in t.value for t in titles)
    assert any(t.style == '"' and " #" in t.value for t in titles)
    assert any(t.style == "'" and ": " in t.value and " #" in t.value for t in titles)
    assert re.search(r'\n {8}title: "[^"\n]*\\"', text)  # a \" escape
    assert re.search(r"\n {8}title: '[^\n]*''", text)  # a '' escape
    assert re.search(r"\n\n  # Tabel \d+ [^\n]*\n  - name: ", text)
    # About 10 % of the rows have a round amount and expiry shared with other rows.
    buckets = collections.Counter(
        (amount.value, expires.value)
        for node in nodes(tree)
        if isinstance(node, yaml.MappingNode)
        for keys in [{k.value: v for k, v in node.value}]
        if "amount" in keys and "expires" in keys
        for amount, expires in [(keys["amount"], keys["expires"])]
        if amount.value in ROUND_AMOUNTS
    )
    shared = sum(count for count in buckets.values() if count > 1)
    assert 60 <= shared <= 150, buckets
    assert 10 <= buckets[("500", "2016")]


def test_hand_style_warnings_are_the_planted_duplicates(tmp_path: Path) -> None:
    """The hand layout's only findings are the planted ``possible-duplicate``s (one per 1 000
    rows, the same money listed again in a later table), every other one accepted with a
    reason: at 1 000 rows, one, accepted."""
    path = generate(tmp_path, 1000, "--style", "hand")
    report = bevilling.check(bevilling.load(path))
    findings = [(p.code, p.location.line, p.accepted is not None) for p in report.problems]
    assert 1 == len(findings), findings
    code, line, accepted = findings[0]
    assert ("possible-duplicate", True) == (code, accepted)
    assert "      - id: R000500" == path.read_text(encoding="utf-8").splitlines()[line - 1]


def _records(path: Path) -> dict[str, dict[str, object]]:
    """Every appropriation of the ledger at ``path`` by id: all its fields but the location."""
    import attrs

    return {
        e.appropriation.id: {
            f.name: getattr(e.appropriation, f.name)
            for f in attrs.fields(type(e.appropriation))
            if f.name != "location"
        }
        for e in bevilling.load(path).entries()
    }


@pytest.mark.parametrize("style", ["plain", "hand"])
@pytest.mark.parametrize("n", [1000, 10000])
def test_vary_changes_exactly_the_rows_the_docstring_names(
    tmp_path: Path, style: str, n: int
) -> None:
    """``--vary 10`` changes what generate.py's docstring says and nothing else: of ten rows
    spread over the file the 2nd is removed, the other nine change their amount (a profile
    figure, for a row with a profile), the 1st, 4th, 7th and 10th their title too, and one
    row is added at the end; every field of every other row is as in the reference file (a
    removed row used to shift the layout of every later hand row: a third of them differed in
    target group or description).  The totals still hold, and `bevilling diff` lists the 11."""
    reference = generate(tmp_path, n, "--style", style)
    varied = generate(tmp_path, n, "--style", style, "--vary", "10")
    old, new = _records(reference), _records(varied)
    removed, added = sorted(old.keys() - new.keys()), sorted(new.keys() - old.keys())
    changed = sorted(i for i in old.keys() & new.keys() if old[i] != new[i])
    assert ([f"R{n + 1:06d}"], 1, 9) == (added, len(removed), len(changed))
    ten = sorted([*changed, *removed])
    assert removed == [ten[1]]
    fields = {
        i: sorted(k for k in old[i] if old[i][k] != new[i][k] and k != "profile") for i in changed
    }
    retitled = [ten[0], ten[3], ten[6], ten[9]]
    assert {i: ["amount", "title"] if i in retitled else ["amount"] for i in changed} == fields
    assert [f"{old[i]['title']} (revideret)" for i in retitled] == [
        new[i]["title"] for i in retitled
    ]
    if style == "plain":  # the rows are spread evenly over the file
        assert [f"R{round((k + 0.5) * n / 10):06d}" for k in range(10)] == ten
    assert 0 == main(["check", str(varied)])
    from bevilling.interop import diff

    statuses = collections.Counter(
        c.status for c in diff(bevilling.load(reference), bevilling.load(varied)).changes
    )
    assert {"changed": 9, "removed": 1, "added": 1} == dict(statuses)


def test_tsv_table_imports_into_a_ledger_that_checks_clean(tmp_path: Path) -> None:
    """``--format tsv`` writes one table as copied out of Word (Danish notation, a total
    line); ``bevilling import`` reads every row and the ledger it writes passes ``check``."""
    table = generate(tmp_path, 50, "--format", "tsv", name="table.tsv")
    lines = table.read_text(encoding="utf-8").splitlines()
    assert (
        "Målgruppe\tOrg.\tBeskrivelse\tFormål/overskrift\tKilde\tBeløb i tusinder\tUdløb"
        == (lines[0])
    )
    assert lines[-1].startswith("I alt i tusinder\t")
    out = tmp_path / "imported.yaml"
    name = "Tabel 1: Oversigt over indsatsmidler"
    assert 0 == main(["import", str(table), "-o", str(out), "--name", name, "--id-prefix", "R"])
    ledgers = bevilling.load(out)
    assert 50 == sum(1 for _ in ledgers.entries())
    assert 0 == main(["check", str(out)])


def test_run_dry_run_lists_every_report_command_for_both_styles(tmp_path: Path) -> None:
    """``run.py --dry-run`` lists what a run would time: every report command of issue 13 for
    each style, each with its floor, then import; it writes no input."""
    completed = bench_run("--dry-run", "--sizes", "20", "--data", str(tmp_path / "data"))
    assert 0 == completed.returncode, completed.stderr
    listed = [line.split("\t") for line in completed.stdout.splitlines()]
    by_style = collections.defaultdict(list)
    for size, style, name, _ in listed:
        by_style[(size, style)].append(name)
    expected = [
        "floor", "check", "expiring", "totals", "timeline", "list-json", "show", "export-csv",
        "export-json", "export-xlsx", "export-datapackage", "floor", "diff",
    ]  # fmt: skip
    assert expected == by_style[("20", "plain")]
    assert expected == by_style[("20", "hand")]
    assert ["import"] == [n for n in by_style[("20", "-")] if n not in {"hledger", "bean-check"}]
    assert ["startup"] * 3 == by_style[("-", "-")]
    assert not (tmp_path / "data").exists()


def test_run_filters_commands_and_styles() -> None:
    """``--commands`` takes names and prefixes (``export`` is all four exports), ``--styles``
    one style; an unknown command is refused with the list of names."""
    completed = bench_run("--dry-run", "--sizes", "20", "--styles", "hand", "--commands",
                          "export", "show")  # fmt: skip
    names = [line.split("\t")[1:3] for line in completed.stdout.splitlines()]
    assert [["hand", "floor"], ["hand", "show"], ["hand", "export-csv"], ["hand", "export-json"],
            ["hand", "export-xlsx"], ["hand", "export-datapackage"]] == names  # fmt: skip
    refused = bench_run("--dry-run", "--commands", "chek")
    assert 0 != refused.returncode
    assert "unknown command 'chek'" in refused.stderr
    assert "check, expiring" in refused.stderr


def test_run_times_a_subset_at_a_tiny_size(tmp_path: Path) -> None:
    """A real run at 20 and 40 rows, one round, two commands: a table line per command, style
    and size with a ratio to the floor and exit code 0, and the scaling summary."""
    completed = bench_run(
        "--sizes", "20", "40", "--repeat", "1", "--commands", "check", "diff",
        "--data", str(tmp_path / "data"), "--json", str(tmp_path / "figures.json"),
    )  # fmt: skip
    assert 0 == completed.returncode, completed.stderr
    rows = [line.split(" | ") for line in completed.stdout.splitlines() if line.startswith("| ")]
    table = {(r[0].lstrip("| "), r[1], r[2]): r for r in rows[2:]}
    for n in ("20", "40"):
        for style in ("plain", "hand"):
            check = table[("bevilling check", style, n)]
            assert check[5].endswith("x")  # the ratio to the floor
            assert "0 |" == check[-1]  # exit code
            assert "0 |" == table[("bevilling diff (10 rows changed)", style, n)][-1]
    assert re.search(
        r"- bevilling check \[hand\]: 20 -> 40: [\d.]+x \(limit 2.2x\)", completed.stdout
    )
    assert (tmp_path / "data" / "ledger-hand-40-varied.yaml").exists()
    assert (tmp_path / "figures.json").exists()


def test_compiled_probe_times_every_step_of_the_pure_copy(tmp_path: Path) -> None:
    """bench/compiled.py's probe (the part that runs without mypyc) loads and checks a small
    generated ledger with the checkout's own code and names which modules were compiled:
    none, for the checkout."""
    sys.path.insert(0, str(BENCH))
    try:
        import compiled  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(BENCH))
    ledger = generate(tmp_path, 200, "--style", "hand")
    imported, figures = compiled.probe(BENCH.parent / "src", ledger, 1, compiled.MODULES)
    assert [] == imported
    assert ["check", "load", "parse"] == sorted(figures)
    assert all(seconds >= 0 for seconds in figures.values())
    assert "bevilling.read.fastpath" == compiled.module_name("bevilling/read/fastpath.py")
