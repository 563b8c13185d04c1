"""What a compiled dependency would buy: the same modules compiled with mypyc, measured.

    python bench/compiled.py                           # the reader's modules, 100 000 rows
    python bench/compiled.py --modules bevilling/read/fastpath.py --sizes 10000
    python bench/compiled.py --rounds 5 --styles hand

bevilling installs with ``pip`` alone and ships pure Python.  Issue 13 asks, where a target
cannot be met in pure Python, what it would take, measured rather than estimated.  This
script copies ``src/bevilling`` into a temporary directory, compiles the named modules there
with mypyc (part of mypy, in the ``test`` extra; it needs a C compiler and the Python headers),
and times both copies on the same inputs (``bench/data/``, written by ``bench/run.py``), each
in its own process, in CPU time (user + system), best of ``--rounds``:

* ``parse``: :func:`bevilling.read.fastpath.parse_simple` over the file's text;
* ``load``: :func:`bevilling.read.load` (parse and model, streamed), and ``model``, the
  difference;
* ``check``: :func:`bevilling.audit.check` on what was loaded;
* ``bevilling check``: the whole command as a process, start-up included.

The garbage collector is paused in the timed process, as the CLI does.  Nothing is asserted
and nothing here is part of the product: it prices an option, it does not take it.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = HERE / "data"

#: The reader's hot modules: the line parser, the value readers, the loader.  (Not the YAML
#: tree: mypyc does not compile its warning class, a subclass of a built-in type.)
MODULES = [
    "bevilling/read/fastpath.py",
    "bevilling/read/values.py",
    "bevilling/read/loader.py",
]

#: Timed in a fresh process with the side's ``src`` first on ``sys.path``.
PROBE = r"""
import gc, json, sys, time
from pathlib import Path
gc.disable()
import bevilling.read.fastpath as fastpath
from bevilling.audit import check
from bevilling.read import load
path, rounds, modules = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
text = Path(path).read_text(encoding="utf-8")
best = {"parse": 1e9, "load": 1e9, "check": 1e9}
for _ in range(rounds):
    start = time.process_time(); node = fastpath.parse_simple(text); parsed = time.process_time()
    del node
    ledgers = load(path); loaded = time.process_time()
    report = check(ledgers); checked = time.process_time()
    best["parse"] = min(best["parse"], parsed - start)
    best["load"] = min(best["load"], loaded - parsed)
    best["check"] = min(best["check"], checked - loaded)
    del ledgers, report
    gc.collect()
compiled = [m for m in modules if sys.modules[m].__file__.endswith(".so")]
print(json.dumps({"compiled": compiled, **best}))
"""

COMMAND = "import sys; from bevilling.cli import main; sys.argv[0] = 'bevilling'; sys.exit(main())"


def compile_copy(target: Path, modules: list[str]) -> Path:
    """A copy of ``src/bevilling`` in ``target`` with ``modules`` compiled by mypyc."""
    shutil.copytree(
        ROOT / "src" / "bevilling",
        target / "bevilling",
        ignore=shutil.ignore_patterns("__pycache__", "*.so"),
    )
    mypyc = shutil.which("mypyc", path=os.path.dirname(sys.executable)) or shutil.which("mypyc")
    if mypyc is None:
        raise SystemExit("mypyc is not installed (pip install -e '.[test]')")
    done = subprocess.run(
        [mypyc, *modules], cwd=target, capture_output=True, text=True, check=False
    )
    if done.returncode:
        sys.stderr.write(done.stdout[-4000:] + done.stderr[-4000:])
        raise SystemExit(f"mypyc failed on {' '.join(modules)}")
    return target


def module_name(path: str) -> str:
    """``bevilling.read.fastpath`` for ``bevilling/read/fastpath.py``."""
    return path.removesuffix(".py").replace("/", ".")


def probe(
    side: Path, path: Path, rounds: int, modules: list[str]
) -> tuple[list[str], dict[str, float]]:
    """parse/load/check CPU seconds (best of ``rounds``) with ``side`` first on the path, and
    which of ``modules`` were imported compiled."""
    env = {**os.environ, "PYTHONPATH": str(side)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(path), str(rounds), *map(module_name, modules)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(done.stdout)
    compiled: list[str] = result.pop("compiled")
    return compiled, {step: float(seconds) for step, seconds in result.items()}


def command_cpu(side: Path, path: Path, rounds: int) -> float:
    """The CPU time of ``bevilling check PATH`` as a whole process (best of ``rounds``)."""
    env = {**os.environ, "PYTHONPATH": str(side)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    best = 1e9
    for _ in range(rounds):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(
            [sys.executable, "-c", COMMAND, "check", str(path)],
            env=env,
            stdout=subprocess.DEVNULL,
            check=False,
        )
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        used = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        best = min(best, used)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--modules", nargs="+", default=MODULES, metavar="PATH")
    parser.add_argument("--sizes", nargs="+", type=int, default=[100_000])
    parser.add_argument("--styles", nargs="+", default=["plain", "hand"])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bevilling-mypyc-") as temporary:
        started = time.perf_counter()
        compiled = compile_copy(Path(temporary), args.modules)
        print(
            f"mypyc compiled {', '.join(args.modules)} in {time.perf_counter() - started:.0f} s; "
            f"python {sys.version.split()[0]}, {time.strftime('%Y-%m-%d %H:%M')} UTC, "
            f"CPU seconds, best of {args.rounds}",
            flush=True,
        )
        print()
        print("| style | N | step | pure Python (s) | compiled (s) | compiled / pure |")
        print("|---|--:|---|--:|--:|--:|")
        for n in args.sizes:
            for style in args.styles:
                path = args.data / f"ledger-{style}-{n}.yaml"
                if not path.exists():
                    print(f"(no {path}: run bench/run.py --sizes {n} first)", file=sys.stderr)
                    continue
                _, pure = probe(ROOT / "src", path, args.rounds, args.modules)
                imported, fast = probe(compiled, path, args.rounds, args.modules)
                if len(imported) != len(args.modules):
                    raise SystemExit("the compiled copy did not import every compiled module")
                sides = []
                for side, figures in ((ROOT / "src", pure), (compiled, fast)):
                    figures["model (load - parse)"] = figures["load"] - figures["parse"]
                    figures["bevilling check"] = command_cpu(side, path, args.rounds)
                    sides.append(figures)
                for step in ("parse", "model (load - parse)", "load", "check", "bevilling check"):
                    before, after = sides[0][step], sides[1][step]
                    print(
                        f"| {style} | {n} | {step} | {before:.2f} | {after:.2f} | "
                        f"{after / before:.2f} |",
                        flush=True,
                    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
