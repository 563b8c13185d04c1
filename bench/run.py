"""Time bevilling as whole processes against the floor measured in the same run.

    python bench/run.py                              # both styles, N = 1 000 to 100 000
    python bench/run.py --sizes 1000 --repeat 3
    python bench/run.py --styles hand --commands check export diff --sizes 10000
    python bench/run.py --dry-run                    # list the commands, run nothing

For each N and each ledger style (``--styles``: ``plain`` and ``hand``, see
``bench/generate.py``) it writes the inputs into ``--data`` (default ``bench/data/``, kept
while unchanged), then runs every command ``--repeat`` times as a separate process and
reports the median wall time, the spread (min-max), the ratio to the floor, the peak resident
memory (``wait4``), the ratio to the same command at the previous N, and the exit code:

* ``floor``: ``yaml.compose`` with PyYAML's C loader and the garbage collector paused, over
  the same file, in a fresh ``python`` process (start-up included on both sides); ``diff``
  is compared with the floor over both of its files;
* every command that reads ledgers: ``check``, ``expiring``, ``totals``, ``timeline``,
  ``list --format json``, ``show ID``, ``export --to csv|json|xlsx|datapackage`` (written
  into a temporary directory), ``diff`` against a copy with a few rows changed
  (``generate.py --vary``); since the report commands run the error checks too, the ``check``
  line shows how much of each report is that cost;
* ``import`` of one generated table of N rows (tab-separated, as copied from Word): the same
  input for both styles, compared with the floor of the first style;
* ``bevilling --version`` against a bare ``python -c pass``, and ``expiring`` on the shipped
  ledgers (``startup``), at least 20 rounds whatever ``--repeat`` says.

Where ``hledger`` or ``bean-check`` are on PATH, it also writes an equivalent journal (one
transaction per appropriation) and times ``hledger check`` / ``bean-check -C`` on it, so the
comparison is side by side on one machine.  A summary gives, per command, the growth from one
N to the next against linear growth with a 10 % margin (the target: the 100 000 figure at most
11x the 10 000 one).  Nothing here is a test: timings on a shared machine are noisy, so read
the spread before the median.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
sys.path.insert(0, str(HERE))

from generate import STYLES, generate, generate_tsv  # noqa: E402

FLOOR = (
    "import gc, sys, yaml; gc.disable();"
    " [yaml.compose(open(p, encoding='utf-8').read(), Loader=yaml.CSafeLoader)"
    " for p in sys.argv[1:]]"
)
#: Every command the run can time, in table order; ``--commands`` picks from these (a prefix
#: such as ``export`` picks every ``export-*``).
COMMANDS = (
    "check", "expiring", "totals", "timeline", "list-json", "show",
    "export-csv", "export-json", "export-xlsx", "export-datapackage", "diff", "import",
    "hledger", "bean-check", "startup",
)  # fmt: skip
#: Rows changed in the second file of ``diff``.
VARIED_ROWS = 10
BIG = 100_000
TIMED_OUT = 999  # the exit code recorded for a run killed at --timeout
FLOOR_LABEL = "floor: yaml.compose (C, gc paused)"
FLOOR2_LABEL = "floor: yaml.compose of both files"


@dataclass
class Command:
    """One line of the table: what runs, and what its ratio is taken against."""

    name: str  # the --commands name, or "floor"
    label: str  # as printed
    style: str  # a ledger style, or "-" when the input does not depend on it
    argv: list[str]
    floor: str = ""  # the key of the line it is compared with (none: "")
    results: list[tuple[float, int, int]] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.label} [{self.style}]"


def run(argv: list[str], timeout: float | None = None) -> tuple[float, int, int]:
    """Run ``argv`` once: (wall seconds, peak RSS in MiB, exit code); killed after
    ``timeout`` seconds (exit code ``TIMED_OUT``)."""
    fired: list[bool] = []

    def kill() -> None:
        fired.append(True)
        process.kill()

    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    timer = threading.Timer(timeout, kill) if timeout else None
    if timer:
        timer.start()
    try:
        _, status, usage = os.wait4(process.pid, 0)
    finally:
        if timer:
            timer.cancel()
    elapsed = time.perf_counter() - start
    process.returncode = TIMED_OUT if fired else os.waitstatus_to_exitcode(status)
    return elapsed, usage.ru_maxrss // 1024, process.returncode


def summarise(results: list[tuple[float, int, int]]) -> dict[str, float]:
    """Median, min and max wall time, peak RSS and worst exit code of some runs."""
    times = [elapsed for elapsed, _, _ in results]
    peaks = [peak for _, peak, _ in results]
    codes = [code for _, _, code in results]
    return {
        "median": statistics.median(times),
        "min": min(times),
        "max": max(times),
        "rss": max(peaks),
        "exit": max(codes, key=abs),  # a signal (negative) counts as much as an error
    }


def write_if_changed(path: Path, text: str) -> Path:
    """Write ``text`` to ``path`` unless it holds exactly that already (a cache that cannot go
    stale when generate.py changes), atomically."""
    data = text.encode("utf-8")
    if not path.exists() or path.stat().st_size != len(data) or path.read_bytes() != data:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Atomically: another run may be reading the previous version.
        part = path.with_name(f".{path.name}.{os.getpid()}.part")
        part.write_bytes(data)
        part.replace(path)
    return path


def ledger_path(data: Path, n: int, style: str, varied: bool = False) -> Path:
    return data / f"ledger-{style}-{n}{'-varied' if varied else ''}.yaml"


def journal_text(n: int, kind: str) -> str:
    """An hledger or beancount journal with one two-posting transaction per appropriation."""
    lines = []
    if kind == "beancount":
        lines += ["2014-01-01 open Assets:Kasse", "2014-01-01 open Expenses:Bevilling", ""]
    for i in range(n):
        date = f"2015-{1 + i % 12:02d}-{1 + i % 28:02d}"
        amount = 1 + (i * 7919) % 20000
        if kind == "beancount":
            lines += [f'{date} * "Bevilling R{i:06d}"', f"  Expenses:Bevilling  {amount} DKK",
                      f"  Assets:Kasse  -{amount} DKK", ""]  # fmt: skip
        else:
            lines += [f"{date} Bevilling R{i:06d}", f"    expenses:bevilling  {amount} DKK",
                      f"    assets:kasse  -{amount} DKK", ""]  # fmt: skip
    return "\n".join(lines)


def selected(names: list[str] | None) -> set[str]:
    """The command names that ``--commands`` picks (exact names, or ``export`` for every
    ``export-*``); all of them without the option."""
    if not names:
        return set(COMMANDS)
    picked = set()
    for name in names:
        hits = {c for c in COMMANDS if c == name or c.startswith(name + "-")}
        if not hits:
            raise SystemExit(f"run.py: unknown command {name!r}: choose from {', '.join(COMMANDS)}")
        picked |= hits
    return picked


def bevilling_executable() -> str:
    """The ``bevilling`` console script of this interpreter (not a version manager's shim,
    whose own start-up would be counted), else the one on PATH."""
    beside = Path(sys.executable).parent / "bevilling"
    if beside.exists():
        return str(beside)
    found = shutil.which("bevilling")
    if not found:
        raise SystemExit("run.py: bevilling is not installed (pip install -e .)")
    return found


def size_commands(
    n: int, styles: list[str], picked: set[str], *, data: Path, out: Path, bevilling: str
) -> list[Command]:
    """Every command to time at size ``n``, floors first within each style."""
    python = sys.executable
    commands: list[Command] = []
    for style in styles:
        path = str(ledger_path(data, n, style))
        floor = f"{FLOOR_LABEL} [{style}]"
        ledger_commands = [
            ("check", "bevilling check", ["check", path]),
            ("expiring", "bevilling expiring --year 2016", ["expiring", "--year", "2016", path]),
            ("totals", "bevilling totals", ["totals", path]),
            ("timeline", "bevilling timeline", ["timeline", path]),
            ("list-json", "bevilling list --format json", ["list", "--format", "json", path]),
            ("show", "bevilling show ID", ["show", f"R{max(1, n // 2):06d}", path]),
        ]
        for to, target in (("csv", "out.csv"), ("json", "out.json"), ("xlsx", "out.xlsx"),
                           ("datapackage", "datapackage")):  # fmt: skip
            ledger_commands.append(
                (f"export-{to}", f"bevilling export --to {to}",
                 ["export", "--to", to, "-o", str(out / f"{style}-{target}"), "--force", path])
            )  # fmt: skip
        ledger_chosen = [c for c in ledger_commands if c[0] in picked]
        if ledger_chosen or "diff" in picked or "import" in picked:
            commands.append(Command("floor", FLOOR_LABEL, style, [python, "-c", FLOOR, path]))
        commands += [
            Command(name, label, style, [bevilling, *argv], floor)
            for name, label, argv in ledger_chosen
        ]
        if "diff" in picked:
            varied = str(ledger_path(data, n, style, varied=True))
            commands.append(Command("floor", FLOOR2_LABEL, style,
                                    [python, "-c", FLOOR, path, varied]))  # fmt: skip
            commands.append(
                Command("diff", f"bevilling diff ({VARIED_ROWS} rows changed)", style,
                        [bevilling, "diff", path, varied], f"{FLOOR2_LABEL} [{style}]")
            )  # fmt: skip
    first_floor = f"{FLOOR_LABEL} [{styles[0]}]" if styles else ""
    if "import" in picked:
        commands.append(
            Command("import", "bevilling import (a TSV table)", "-",
                    [bevilling, "import", str(data / f"table-{n}.tsv"), "-o",
                     str(out / "imported.yaml"), "--force", "--name",
                     "Tabel 1: Oversigt over indsatsmidler", "--id-prefix", "R"],
                    first_floor)
        )  # fmt: skip
    if "hledger" in picked and shutil.which("hledger"):
        commands.append(Command("hledger", "hledger check", "-",
                                ["hledger", "check", "-f", str(data / f"journal-{n}.journal")],
                                first_floor))  # fmt: skip
    if "bean-check" in picked and shutil.which("bean-check"):
        commands.append(Command("bean-check", "bean-check -C", "-",
                                ["bean-check", "-C", str(data / f"journal-{n}.beancount")],
                                first_floor))  # fmt: skip
    return commands


def write_inputs(n: int, styles: list[str], picked: set[str], data: Path) -> None:
    """Generate what the commands at size ``n`` read (unchanged files are left alone)."""
    for style in styles:
        write_if_changed(ledger_path(data, n, style), generate(n, style=style))
        if "diff" in picked:
            write_if_changed(
                ledger_path(data, n, style, varied=True), generate(n, style=style, vary=VARIED_ROWS)
            )
    if "import" in picked:
        write_if_changed(data / f"table-{n}.tsv", generate_tsv(n))
    if "hledger" in picked and shutil.which("hledger"):
        write_if_changed(data / f"journal-{n}.journal", journal_text(n, "journal"))
    if "bean-check" in picked and shutil.which("bean-check"):
        write_if_changed(data / f"journal-{n}.beancount", journal_text(n, "beancount"))


def write_inputs_apart(n: int, styles: list[str], picked: set[str], data: Path) -> None:
    """:func:`write_inputs` in a child process, so that this one stays small.

    The peak memory that ``wait4`` reports for a command includes what this process held when
    it started the command (the child begins as a copy of it): generating a 100 000-row ledger
    here made every later command look at least 288 MiB large.
    """
    pid = os.fork()
    if pid == 0:  # the child: write, then leave without running the parent's cleanup
        code = 0
        try:
            write_inputs(n, styles, picked, data)
        except BaseException:  # reported here; the parent stops
            import traceback

            traceback.print_exc()
            code = 1
        os._exit(code)
    _, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"writing the inputs of N = {n} failed")


def row(
    command: Command, n: int | str, m: dict[str, float], floor: float | None, prev: float | None
) -> str:
    ratio = f"{m['median'] / floor:5.2f}x" if floor else ""
    growth = f"{m['median'] / prev:5.1f}x" if prev else ""
    rc = "timeout" if m["exit"] == TIMED_OUT else str(int(m["exit"]))
    return (
        f"| {command.label} | {command.style} | {n} | {m['median']:.3f} |"
        f" {m['min']:.3f}-{m['max']:.3f} | {ratio} | {int(m['rss'])} | {growth} | {rc} |"
    )


HEADER = (
    "| command | style | N | median (s) | spread (s) | ratio to floor | peak MiB |"
    " × previous N | rc |\n|---|---|--:|--:|--:|--:|--:|--:|--:|"
)


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=[1000, 10000, BIG], metavar="N",
        help="numbers of appropriations (default: 1000 10000 100000)",
    )  # fmt: skip
    parser.add_argument(
        "--repeat", type=int, default=5, metavar="R", help="rounds (default 5; from 100 000 on:"
        " about half)",
    )  # fmt: skip
    parser.add_argument("--styles", nargs="+", choices=STYLES, default=list(STYLES))
    parser.add_argument(
        "--commands", nargs="+", metavar="NAME", help=f"only these: {', '.join(COMMANDS)}"
    )
    parser.add_argument(
        "--data", type=Path, default=DATA, metavar="DIR",
        help="where the inputs are generated (default: bench/data)",
    )  # fmt: skip
    parser.add_argument(
        "--timeout",
        type=float,
        default=900,
        metavar="S",
        help="kill a run after S seconds (default 900)",
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the figures here")
    parser.add_argument("--dry-run", action="store_true", help="list the commands, run nothing")
    args = parser.parse_args(argv)
    if args.repeat < 1 or args.timeout <= 0 or any(n < 1 for n in args.sizes):
        parser.error("--repeat, --timeout and --sizes must be positive")
    args.sizes = sorted(set(args.sizes))
    args.styles = list(dict.fromkeys(args.styles))
    args.picked = selected(args.commands)
    return args


def startup_commands(bevilling: str) -> list[Command]:
    """Start-up: a bare interpreter, ``--version``, a report on the shipped ledgers."""
    bare = Command(
        "startup", "python -c pass (start-up floor)", "-", [sys.executable, "-c", "pass"]
    )
    shipped = [bevilling, "expiring", "--year", "2016", str(HERE.parent / "ledger")]
    return [
        bare,
        Command("startup", "bevilling --version", "-", [bevilling, "--version"], bare.key),
        Command("startup", "bevilling expiring (shipped ledgers)", "-", shipped, bare.key),
    ]


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    bevilling = bevilling_executable()
    startup = startup_commands(bevilling) if "startup" in args.picked else []
    with tempfile.TemporaryDirectory(prefix="bevilling-bench-") as tmp:
        out = Path(tmp)
        if args.dry_run:
            for command in startup:
                print(f"-\t-\t{command.name}\t{shlex.join(command.argv)}")
            for n in args.sizes:
                for command in size_commands(
                    n, args.styles, args.picked, data=args.data, out=out, bevilling=bevilling
                ):
                    print(f"{n}\t{command.style}\t{command.name}\t{shlex.join(command.argv)}")
            return 0
        print(f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}")
        print(f"python {platform.python_version()}, {time.strftime('%Y-%m-%d %H:%M')}")
        print(f"load average before the run: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
        print()
        print(HEADER)
        figures = time_startup(startup, args.repeat, args.timeout)
        medians: dict[str, dict[int, dict[str, float]]] = {}
        for n in args.sizes:
            write_inputs_apart(n, args.styles, args.picked, args.data)
            commands = size_commands(
                n, args.styles, args.picked, data=args.data, out=out, bevilling=bevilling
            )
            repeat = args.repeat if n < BIG or args.repeat < 3 else args.repeat // 2 + 1
            figures += time_size(n, commands, repeat, args.timeout, medians)
        print()
        print(scaling(medians))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1), encoding="utf-8")
    return 0


#: The least number of rounds of the start-up lines: they take a tenth of a second each, and
#: the median of two or three runs of a command that short is mostly noise.
STARTUP_ROUNDS = 20


def time_startup(commands: list[Command], repeat: int, timeout: float) -> list[dict[str, object]]:
    """Time and print the start-up lines (at least :data:`STARTUP_ROUNDS` rounds, the
    commands alternating, so a noisy moment hits each alike)."""
    figures: list[dict[str, object]] = []
    for _ in range(max(repeat, STARTUP_ROUNDS)):
        for command in commands:
            command.results.append(run(command.argv, timeout))
    measured = {c.key: summarise(c.results) for c in commands}
    for command in commands:
        floor = measured.get(command.floor or "")
        m = measured[command.key]
        print(row(command, "-", m, floor["median"] if floor else None, None), flush=True)
        figures.append({"command": command.label, "style": "-", "n": None, **m})
    return figures


def time_size(
    n: int,
    commands: list[Command],
    repeat: int,
    timeout: float,
    medians: dict[str, dict[int, dict[str, float]]],
) -> list[dict[str, object]]:
    """Time and print the lines of size ``n``; ``medians`` collects each command's median and
    ratio to its floor by N."""
    # Round-robin: each round runs every command once, so a noisy moment on a shared machine
    # hits all of them alike instead of one command's whole series.  A command that timed out
    # is not run again.
    for _ in range(repeat):
        for command in commands:
            if command.results and command.results[-1][2] == TIMED_OUT:
                continue
            command.results.append(run(command.argv, timeout))
    results = {c.key: summarise(c.results) for c in commands}
    figures: list[dict[str, object]] = []
    for command in commands:
        m = results[command.key]
        floor = results[command.floor]["median"] if command.floor in results else None
        earlier = medians.setdefault(command.key, {})
        previous = earlier[max(earlier)]["median"] if earlier else None
        print(row(command, n, m, floor, previous), flush=True)
        earlier[n] = {"median": m["median"], "ratio": m["median"] / floor if floor else 0.0}
        figures.append(
            {"command": command.label, "style": command.style, "n": n, "floor": floor, **m}
        )
    return figures


def scaling(medians: dict[str, dict[int, dict[str, float]]]) -> str:
    """The growth of each command from one N to the next, against linear growth with a 10 %
    margin (11x for 10 000 to 100 000), and how its ratio to the floor moved (the floor grows
    linearly: a rising ratio is work that grows faster than the file)."""
    lines = [
        "Scaling: median at N / median at the previous N (limit: 1.1 x the step in N),"
        " and the ratio to the floor at both:",
        "",
    ]
    for key, by_n in medians.items():
        for small, big in itertools.pairwise(sorted(by_n)):
            growth = by_n[big]["median"] / by_n[small]["median"]
            limit = 1.1 * big / small
            verdict = "ok" if growth <= limit else "SUPER-LINEAR"
            ratios = ""
            if by_n[small]["ratio"] and by_n[big]["ratio"]:
                ratios = f", floor ratio {by_n[small]['ratio']:.2f}x -> {by_n[big]['ratio']:.2f}x"
            lines.append(
                f"- {key}: {small} -> {big}: {growth:.1f}x (limit {limit:g}x) {verdict}{ratios}"
            )
    if len(lines) == 2:
        lines.append("- (one size only)")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
