"""`python -m pilotage …`: the command line. Exit codes: 0 ok, 1 failure, 2 bad usage or bad workspace file.

Errors from the core become one friendly line each here (never a traceback); `--debug` shows the traceback.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

from pilotage.errors import PilotageError, WorkspaceError
from pilotage.workspace import Workspace, load_workspace

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse exits 2 on bad usage: keep that, with our wording
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: {message}\n")


def _workspace_arg(p: argparse.ArgumentParser, required: bool = False) -> None:
    p.add_argument(
        "--workspace", "-w", metavar="FILE", required=required,
        help="workspace TOML file (default: the built-in demo company)",
    )


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date YYYY-MM-DD, got {value!r}") from None


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m pilotage", description="Pilotage: roadmap and delivery health for leadership.")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    p = sub.add_parser("demo", help="build the demo company's store", description="Build (or rebuild) the built-in demo company into its store.")
    p.add_argument("--items", type=int, default=None, help="number of work items (default: about 3,000)")
    p.add_argument("--seed", type=int, default=7, help="generator seed (default 7)")
    p.add_argument("--store", metavar="URL", help="store URL (default: the demo workspace's, data/demo.db)")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("check", help="validate a workspace file and try each connection",
                       description="Validate a workspace file, then try the store and each source, reporting what works.")
    _workspace_arg(p, required=True)
    p.add_argument("--offline", action="store_true", help="only validate the file and the store")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("sync", help="fetch from Jira/GitHub into the store",
                       description="Sync the workspace's sources; only what changed since the last run unless --full.")
    _workspace_arg(p, required=True)
    p.add_argument("--source", choices=["jira", "github"], action="append", help="only this source (repeatable)")
    p.add_argument("--full", action="store_true", help="fetch everything again")
    p.add_argument("--reconvert", action="store_true", help="rebuild canonical records from stored raw payloads, no fetch")
    p.set_defaults(func=cmd_sync)

    p = sub.add_parser("metrics", help="print the metrics as JSON or CSV",
                       description="Compute every metric at a date and print it (schema: docs/export-schema.md).")
    _workspace_arg(p)
    p.add_argument("--as-of", type=_date, help="date YYYY-MM-DD (default: the date of the last sync)")
    p.add_argument("--seed", type=int, help="forecast seed (default: the workspace's)")
    p.add_argument("--format", choices=["json", "csv"], default="json")
    p.set_defaults(func=cmd_metrics)

    p = sub.add_parser("docs", help="regenerate docs/workspace.md from the settings declarations")
    p.set_defaults(func=cmd_docs)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except WorkspaceError as e:
        where = f" in {e.path}" if e.path else ""
        print(f"The workspace file has {len(e.problems)} problem(s){where}:", file=sys.stderr)
        for problem in e.problems:
            print(f"  - {problem}", file=sys.stderr)
        if args.debug:
            raise
        return EXIT_USAGE
    except PilotageError as e:
        print(f"error: {e}", file=sys.stderr)
        if args.debug:
            raise
        return EXIT_FAILURE
    except KeyboardInterrupt:
        print("interrupted: nothing was written for the run in progress", file=sys.stderr)
        return EXIT_FAILURE


def _load(args) -> Workspace:
    return load_workspace(args.workspace) if getattr(args, "workspace", None) else load_workspace()


def cmd_demo(args) -> int:
    from connectors.demo import build_demo_store

    from pilotage.store import Store, open_store

    ws = load_workspace()
    store = Store(args.store) if args.store else open_store(ws)
    t0 = time.perf_counter()
    stats = build_demo_store(store, seed=args.seed, items=args.items)
    where = args.store or ws.store
    print(f"demo company built in {time.perf_counter() - t0:.1f} s into {where}")
    for k, v in sorted(stats.items()):
        print(f"  {k}: {v}")
    return EXIT_OK


def cmd_check(args) -> int:
    from pilotage.checks import check_store, run_checks

    ws = _load(args)
    print(f"workspace file OK: {ws.name} ({len(ws.teams)} team(s), {len(ws.roadmap)} roadmap item(s))")
    checks = [check_store(ws)] if args.offline else run_checks(ws)
    for c in checks:
        print(f"  {'ok  ' if c.ok else 'FAIL'} {c.name}: {c.message}")
    return EXIT_OK if all(c.ok for c in checks) else EXIT_FAILURE


def cmd_sync(args) -> int:
    from pilotage.store import open_store
    from pilotage.sync import run_sync, text_progress

    ws = _load(args)
    store = open_store(ws)
    summaries = run_sync(ws, store, sources=args.source, full=args.full, reconvert=args.reconvert,
                         progress=text_progress())
    print(file=sys.stderr)
    for s in summaries:
        if s.ok:
            counts = ", ".join(f"{k} {v}" for k, v in sorted(s.stats.items()) if k != "seconds")
            print(f"{s.source}: {s.mode} sync OK in {s.seconds:.1f} s — {counts}; "
                  f"{s.quarantined} quarantined; data version {s.data_version}")
        else:
            print(f"{s.source}: FAILED after {s.seconds:.1f} s — {s.message} (the store is unchanged)")
    return EXIT_OK if all(s.ok for s in summaries) else EXIT_FAILURE


def cmd_metrics(args) -> int:
    from pilotage.export import metrics_json, to_csv_text, to_json_text
    from pilotage.service import default_as_of, load_dataset

    ws = _load(args)
    ds = load_dataset(ws)
    as_of = args.as_of or default_as_of(ws)
    report = metrics_json(ds, ws, as_of=as_of, seed=args.seed)
    sys.stdout.write(to_json_text(report) if args.format == "json" else to_csv_text(report))
    return EXIT_OK


def cmd_docs(args) -> int:
    from pilotage.workspace import settings_markdown

    path = Path(__file__).resolve().parent.parent / "docs" / "workspace.md"
    path.parent.mkdir(exist_ok=True)
    path.write_text(settings_markdown() + "\n", encoding="utf-8")
    print(f"wrote {path}")
    return EXIT_OK
