"""Start-up of the ``bevilling`` command, against a bare interpreter and against another revision.

    python bench/startup.py                    # this checkout, 30 rounds
    python bench/startup.py --against e1c8882  # ... and the same commands at that revision

Each command runs as a whole process, the way the console script runs it
(``from bevilling.cli import main``), with ``PYTHONPATH`` pointing at the ``src/`` of the
checkout (or of a temporary ``git worktree`` of the other revision), so both sides import the
same installed dependencies. Rounds alternate between the sides, so a noisy moment hits both
alike. Prints the median, the spread and the ratio to ``python -c pass``; nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
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
    "bevilling expiring --year 2016": ["expiring", "--year", "2016"],
}


def _time(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--against", metavar="REV", help="also time this git revision")
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
        try:
            samples: dict[str, list[float]] = {}
            for _ in range(args.rounds):
                samples.setdefault("python -c pass", []).append(
                    _time([sys.executable, "-c", "pass"], dict(os.environ))
                )
                for side, src in sides.items():
                    env = dict(os.environ, PYTHONPATH=str(src))
                    for name, extra in COMMANDS.items():
                        argv = [sys.executable, "-c", RUN, *extra]
                        samples.setdefault(f"{name} ({side})", []).append(_time(argv, env))
        finally:
            if args.against:
                subprocess.run(
                    ["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, check=False
                )
    floor = statistics.median(samples["python -c pass"])
    print(
        f"python {sys.version.split()[0]}, {time.strftime('%Y-%m-%d %H:%M')}, {args.rounds} rounds"
    )
    print("| command | median (s) | spread (s) | ratio to `python -c pass` |")
    print("|---|--:|--:|--:|")
    for name, times in samples.items():
        median = statistics.median(times)
        print(
            f"| `{name}` | {median:.3f} | {min(times):.3f}–{max(times):.3f} | "
            f"{median / floor:.2f}× |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
