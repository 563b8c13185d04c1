"""Tests for bevilling.cli (the package): `main`, the console script's entry point."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def test_the_program_leaves_what_it_made_out_of_the_exit_collections() -> None:
    """`main()` as the program (`sys.argv`: the console script, `python -m bevilling`), whose
    process ends right after, freezes the objects it made (`gc.freeze()`: the collections at
    the interpreter's exit skip them); `main(argv)`, whose caller goes on, does not.  Both
    leave the garbage collector on as it was, and answer the same."""
    code = (
        "import gc, io, contextlib, sys; from bevilling.cli import main;"
        " out = io.StringIO(); contextlib.redirect_stdout(out).__enter__();"
        " first = main(['expiring', '--year', '2016']); frozen = gc.get_freeze_count();"
        " enabled = gc.isenabled(); sys.argv[1:] = ['expiring', '--year', '2016'];"
        " second = main(); sys.stdout = sys.__stdout__; lines = out.getvalue().splitlines();"
        " print(first, second, frozen, enabled, gc.get_freeze_count() > 0, gc.isenabled(),"
        " lines[: len(lines) // 2] == lines[len(lines) // 2 :])"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert "0 0 0 True True True True" == done.stdout.strip()


def test_the_program_runs_without_a_collection() -> None:
    """As the program, the command line is imported and run with the garbage collector off: not
    one collection from `main()` on (importing it used to cost some), in a process that
    imported nothing of the command line before."""
    code = (
        "import gc, io, contextlib, sys; from bevilling.cli import main;"
        " before = sorted(m for m in sys.modules if m.startswith('bevilling.cli.'));"
        " runs = []; gc.callbacks.append(lambda phase, info: runs.append(phase));"
        " out = io.StringIO(); contextlib.redirect_stdout(out).__enter__();"
        " sys.argv[1:] = ['expiring', '--year', '2016']; code = main();"
        " sys.stdout = sys.__stdout__; print(before, code, len(runs))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert "[] 0 0" == done.stdout.strip()
