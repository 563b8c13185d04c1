"""Fuzz the loader (and checker) for longer than CI does: ``python bench/fuzz.py [EXAMPLES]``.

Runs the property tests of tests/test_fuzz.py with hypothesis's `long` profile (20 000
examples per test by default; pass another number to change it).  Anything found is
shrunk to a minimal example and printed by hypothesis; record it in CHANGELOG.md under
"Fixed" with the input, and add the input to tests/hostile/.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    env = dict(os.environ)
    if argv:
        env["BEVILLING_FUZZ_EXAMPLES"] = argv[0]
    command = [sys.executable, "-m", "pytest", "tests/test_fuzz.py", "-q",
               "--hypothesis-profile=long", "--hypothesis-show-statistics"]  # fmt: skip
    return subprocess.call(command, cwd=ROOT, env=env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
