"""Time bevilling as whole processes against the floor measured in the same run.

    python bench/run.py                 # N = 1 000, 10 000 and 100 000, 5 repeats
    python bench/run.py --sizes 1000 --repeat 3

For each N it generates (once, cached in bench/data/) a ledger with ``bench/generate.py``,
then runs each command ``--repeat`` times as a separate process and reports the median wall
time, the spread (min-max), the peak resident memory, and the ratio to the floor:

* ``floor``: ``yaml.compose`` with PyYAML's C loader and the garbage collector paused, over
  the same file, in a fresh ``python`` process (start-up included on both sides);
* ``bevilling check``, ``bevilling expiring --year 2016`` on that file;
* ``bevilling --version`` against a bare ``python -c pass``.

Where ``hledger`` or ``bean-check`` are on PATH, it also writes an equivalent journal (one
transaction per appropriation) and times ``hledger check`` / ``bean-check -C`` on it, so
the comparison is side by side on one machine.  Nothing here is a test: timings on a
shared machine are noisy, so read the spread before the median.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

FLOOR = (
    "import gc, sys, yaml; gc.disable();"
    " yaml.compose(open(sys.argv[1], encoding='utf-8').read(), Loader=yaml.CSafeLoader)"
)


def run(argv: list[str]) -> tuple[float, int, int]:
    """Run ``argv`` once: (wall seconds, peak RSS in MiB, exit code)."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    return elapsed, usage.ru_maxrss // 1024, process.returncode


def measure(argv: list[str], repeat: int) -> dict[str, float]:
    """Median, min and max wall time and the peak RSS over ``repeat`` runs."""
    return summarise([run(argv) for _ in range(repeat)])


def summarise(results: list[tuple[float, int, int]]) -> dict[str, float]:
    """Median, min and max wall time, peak RSS and worst exit code of some runs."""
    times = [elapsed for elapsed, _, _ in results]
    peaks = [peak for _, peak, _ in results]
    codes = {code for _, _, code in results}
    return {
        "median": statistics.median(times),
        "min": min(times),
        "max": max(times),
        "rss": max(peaks),
        "exit": max(codes),
    }


def ledger_for(n: int) -> Path:
    path = DATA / f"ledger-{n}.yaml"
    if not path.exists():
        DATA.mkdir(parents=True, exist_ok=True)
        path.write_text(generate(n), encoding="utf-8")
    return path


def journal_for(n: int, kind: str) -> Path:
    """An hledger or beancount journal with one two-posting transaction per appropriation."""
    path = DATA / f"journal-{n}.{kind}"
    if path.exists():
        return path
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
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def row(name: str, n: int | str, m: dict[str, float], floor: float | None) -> str:
    ratio = f"{m['median'] / floor:5.2f}x" if floor else "     "
    return (
        f"| {name:<34} | {n!s:>7} | {m['median']:7.3f} | {m['min']:6.3f}-{m['max']:6.3f} |"
        f" {ratio} | {int(m['rss']):5d} | {int(m['exit'])} |"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    bevilling = shutil.which("bevilling") or sys.exit("bevilling is not installed (pip -e .)")
    python = sys.executable
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}")
    print(f"python {platform.python_version()}, {time.strftime('%Y-%m-%d %H:%M')}")
    print()
    print("| command                            |       N |  median |  spread (s)   | ratio |"
          " MiB   | rc |")  # fmt: skip
    print("|---|--:|--:|--:|--:|--:|--:|")
    bare = measure([python, "-c", "pass"], args.repeat)
    print(row("python -c pass (start-up floor)", "-", bare, None))
    print(row("bevilling --version", "-", measure([bevilling, "--version"], args.repeat),
              bare["median"]))  # fmt: skip
    small = measure([bevilling, "expiring", "--year", "2016", str(HERE.parent / "ledger")],
                    args.repeat)  # fmt: skip
    print(row("bevilling expiring (shipped ledgers)", "-", small, bare["median"]))
    for n in args.sizes:
        path = str(ledger_for(n))
        repeat = args.repeat if n < 100000 else max(3, args.repeat // 2 + 1)
        commands = [
            ("floor: yaml.compose (C, gc paused)", [python, "-c", FLOOR, path]),
            ("bevilling check", [bevilling, "check", path]),
            ("bevilling expiring --year 2016", [bevilling, "expiring", "--year", "2016", path]),
        ]
        if shutil.which("hledger"):
            commands.append(
                ("hledger check", ["hledger", "check", "-f", journal_for(n, "journal")])
            )
        if shutil.which("bean-check"):
            commands.append(("bean-check -C", ["bean-check", "-C", journal_for(n, "beancount")]))
        # Round-robin: each repeat runs every command once, so a noisy moment on a shared
        # machine hits all of them alike instead of one command's whole series.
        runs: dict[str, list[tuple[float, int, int]]] = {name: [] for name, _ in commands}
        for _ in range(repeat):
            for name, command in commands:
                runs[name].append(run([str(part) for part in command]))
        floor = summarise(runs[commands[0][0]])
        print(row(commands[0][0], n, floor, None))
        for name, _ in commands[1:]:
            print(row(name, n, summarise(runs[name]), floor["median"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
