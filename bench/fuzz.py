"""A long fuzzing run: the suite's property tests of every reader and of the web app's parameters, with many
more examples than CI runs.

The tests are those of ``tests/test_reader_fuzz.py`` (JSON, JSONL, CSV, HTML, feeds, gzip/zip archives),
``tests/test_warc_damage.py`` (mutated WARC files) and ``tests/test_web.py`` (random query parameters): each
asserts that nothing but a one-line error comes out, never a traceback or a 500. ``--factor`` multiplies every
test's examples (CI runs them once). Prints pytest's summary and the seconds taken; exits with pytest's code.

Run: nice -n 10 python bench/fuzz.py [--factor 20]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TESTS = [
    "tests/test_reader_fuzz.py",
    "tests/test_warc_damage.py",
    "tests/test_web.py::test_no_query_parameters_make_a_server_error",
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factor", type=int, default=20, help="examples per test, times the suite's")
    args = parser.parse_args()
    environment = os.environ | {"NEWSTRACE_FUZZ_FACTOR": str(args.factor)}
    started = time.perf_counter()
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *TESTS]
    result = subprocess.run(command, cwd=REPO, env=environment, check=False)
    seconds = time.perf_counter() - started
    print(f"fuzzing at {args.factor}x the suite's examples: {seconds:.0f} s, exit {result.returncode}")
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
