"""`python -m bench [--items N] [--runs K] [--quick] [--json]`: measure speed and memory on this machine.

Tooling beside the product (it serves the emulators in `emulators/`); the runtime packages never import it.
Exit codes: 0 every target met, 1 a target missed, 2 bad usage.
"""

from __future__ import annotations

import argparse
import sys

from bench.bench import run_bench, table, to_json


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        prog="python -m bench",
        description="Build a demo of --items work items in a temporary store and time every step "
                    "(median of --runs runs, with peak memory) against the targets of "
                    "docs/performance.md. Exits 1 when a target is missed.")
    p.add_argument("--items", type=int, help="work items in the demo (default: the dashboard's demo, 3,000)")
    p.add_argument("--runs", type=int, default=3, help="runs of each step (default 3)")
    p.add_argument("--quick", action="store_true", help="one run of each step, emulated syncs a tenth of their size")
    p.add_argument("--json", action="store_true", help="print the results as JSON")
    args = p.parse_args(argv)
    if (args.items is not None and args.items < 1) or args.runs < 1:
        p.error("--items and --runs must be at least 1")
    report = run_bench(args.items, runs=args.runs, quick=args.quick, progress=lambda m: print(m, file=sys.stderr))
    print(to_json(report) if args.json else table(report))
    return 1 if report.missed() else 0


if __name__ == "__main__":
    sys.exit(main())
