"""Start-up of the ``bevilling`` command, against a bare interpreter and against another revision.

    python bench/startup.py                    # this checkout, 30 rounds
    python bench/startup.py --against e1c8882  # ... and the same commands at that revision
    python bench/startup.py --compiled         # each side with its catalogs compiled (.mo)

``--compiled`` times a copy of each side's ``src/`` with its message catalogs compiled to
``.mo`` files, as an install has them (``setup.py`` compiles them); without it a checkout that
was never installed compiles a catalog's ``.po`` in memory the first time it is used.

Run it as ``env -u PYTHONDONTWRITEBYTECODE python bench/startup.py``: without ``.pyc`` files
every figure measures the compiler.  ``$BEVILLING_LOCALE`` is removed, so that both sides run
in the default locale (Danish).

Each command runs as a whole process, the way the console script runs it
(``from bevilling.cli import main``), with ``PYTHONPATH`` pointing at the ``src/`` of the
checkout (or of a temporary ``git worktree`` of the other revision), so both sides import the
same installed dependencies. Rounds alternate between the sides, so a noisy moment hits both
alike. Prints the median wall time, its spread and its ratio to ``python -c pass``, and the
median CPU time (user + system) with its ratio: on a shared, busy machine the CPU time moves
less than the wall time.  Nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

RUN = "import sys; from bevilling.cli import main; sys.argv[0] = 'bevilling'; sys.exit(main())"
COMMANDS = {
    "bevilling --version": ["--version"],
    "bevilling --help": ["--help"],
    "bevilling expiring --year 2016": ["expiring", "--year", "2016"],
}


def _time(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """The wall time and the CPU time (user + system) of one run of ``argv``."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - used.ru_utime) + (after.ru_stime - used.ru_stime)


def _compiled_copy(src: Path, target: Path) -> Path:
    """A copy of ``src`` with every catalog compiled (.po → .mo), as ``setup.py`` does."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    shutil.copytree(src, target, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    for po in sorted(target.glob("bevilling/locale/*/LC_MESSAGES/*.po")):
        with po.open("rb") as handle:
            catalog = read_po(handle)
        with po.with_suffix(".mo").open("wb") as handle:
            write_mo(handle, catalog, use_fuzzy=False)
    return target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--against", metavar="REV", help="also time this git revision")
    parser.add_argument(
        "--compiled",
        action="store_true",
        help="time copies of the sides with their catalogs compiled to .mo, as installed",
    )
    args = parser.parse_args()

    sides = {"this checkout": ROOT / "src"}
    with tempfile.TemporaryDirectory() as scratch:
        if args.against:
            tree = Path(scratch) / "tree"
            subprocess.run(
                ["git", "worktree", "add", "--detach", str(tree), args.against],
                cwd=ROOT,
                check=True,
                capture_output=True,
            )
            sides[args.against] = tree / "src"
        if args.compiled:
            sides = {
                side: _compiled_copy(src, Path(scratch) / f"compiled-{number}")
                for number, (side, src) in enumerate(sides.items())
            }
        try:
            samples: dict[str, list[tuple[float, float]]] = {}
            for _ in range(args.rounds):
                samples.setdefault("python -c pass", []).append(
                    _time([sys.executable, "-c", "pass"], dict(os.environ))
                )
                for side, src in sides.items():
                    env = dict(os.environ, PYTHONPATH=str(src))
                    env.pop("BEVILLING_LOCALE", None)
                    for name, extra in COMMANDS.items():
                        argv = [sys.executable, "-c", RUN, *extra]
                        samples.setdefault(f"{name} ({side})", []).append(_time(argv, env))
        finally:
            if args.against:
                subprocess.run(
                    ["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, check=False
                )
    floor = statistics.median(wall for wall, _cpu in samples["python -c pass"])
    cpu_floor = statistics.median(cpu for _wall, cpu in samples["python -c pass"])
    catalogs = ", catalogs compiled (.mo)" if args.compiled else ""
    print(
        f"python {sys.version.split()[0]}, {time.strftime('%Y-%m-%d %H:%M')},"
        f" {args.rounds} rounds{catalogs}"
    )
    print(
        "| command | median (s) | spread (s) | ratio to `python -c pass` | CPU median (s) |"
        " CPU ratio |"
    )
    print("|---|--:|--:|--:|--:|--:|")
    for name, runs in samples.items():
        times = [wall for wall, _cpu in runs]
        median = statistics.median(times)
        cpu = statistics.median(cpu for _wall, cpu in runs)
        print(
            f"| `{name}` | {median:.3f} | {min(times):.3f}–{max(times):.3f} | "
            f"{median / floor:.2f}× | {cpu:.3f} | {cpu / cpu_floor:.2f}× |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
