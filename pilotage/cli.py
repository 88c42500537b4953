"""`python -m pilotage …`: the command line. Exit codes: 0 ok, 1 failure, 2 bad usage or bad workspace file.

Errors from the core become one friendly line each here (never a traceback); `--debug` shows the traceback.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

from pilotage.core.errors import PilotageError, WorkspaceError
from pilotage.core.workspace import Workspace, load_workspace

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

    _snapshot_parser(sub)
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
    from pilotage.application.service import build_demo_store
    from pilotage.core.store import Store, open_store

    ws = load_workspace()
    store = Store(args.store) if args.store else open_store(ws)
    t0 = time.perf_counter()
    stats = build_demo_store(store, seed=args.seed, items=args.items, ws=ws)
    where = args.store or ws.store
    print(f"demo company built in {time.perf_counter() - t0:.1f} s into {where}")
    for k, v in sorted(stats.items()):
        print(f"  {k}: {v}")
    return EXIT_OK


def cmd_check(args) -> int:
    from pilotage.application.checks import check_store, run_checks

    ws = _load(args)
    print(f"workspace file OK: {ws.name} ({len(ws.teams)} team(s), {len(ws.roadmap)} roadmap item(s))")
    checks = [check_store(ws)] if args.offline else run_checks(ws)
    for c in checks:
        print(f"  {'ok  ' if c.ok else 'FAIL'} {c.name}: {c.message}")
    return EXIT_OK if all(c.ok for c in checks) else EXIT_FAILURE


def cmd_sync(args) -> int:
    from pilotage.application.sync import run_sync, text_progress
    from pilotage.core.store import open_store

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
    from pilotage.application.export import metrics_json, to_csv_text, to_json_text
    from pilotage.application.service import default_as_of, load_dataset

    ws = _load(args)
    ds = load_dataset(ws)
    as_of = args.as_of or default_as_of(ws)
    report = metrics_json(ds, ws, as_of=as_of, seed=args.seed)
    sys.stdout.write(to_json_text(report) if args.format == "json" else to_csv_text(report))
    return EXIT_OK


def cmd_docs(args) -> int:
    from pilotage.core.workspace import settings_markdown

    path = Path(__file__).resolve().parent.parent / "docs" / "workspace.md"
    path.parent.mkdir(exist_ok=True)
    path.write_text(settings_markdown() + "\n", encoding="utf-8")
    print(f"wrote {path}")
    return EXIT_OK


# ------------------------------------------------------------------------------------------ snapshot


def _snapshot_parser(sub) -> None:
    """`snapshot create | list | export | compare | decide | link` (docs/sharing.md)."""
    group = sub.add_parser("snapshot", help="freeze, list, export, compare and share board snapshots",
                           description="Board snapshots: frozen, verifiable records of the figures shown to a board.")
    snap = group.add_subparsers(dest="snapshot_command", metavar="ACTION", parser_class=_Parser)
    snap.required = True

    p = snap.add_parser("create", help="freeze the figures at a date", description="Compute every figure at --as-of "
                        "and freeze it (with the assumptions, the seed and the versions) as an immutable snapshot.")
    _workspace_arg(p)
    p.add_argument("--as-of", type=_date, help="date YYYY-MM-DD (default: the date of the last sync)")
    p.add_argument("--title", required=True, help='e.g. "Board Q4 2026"')
    p.add_argument("--seed", type=int, help="forecast seed (default: the workspace's)")
    p.set_defaults(func=cmd_snapshot_create)

    p = snap.add_parser("list", help="list the snapshots of a workspace")
    _workspace_arg(p)
    p.set_defaults(func=cmd_snapshot_list)

    p = snap.add_parser("export", help="write a snapshot's board pack as HTML or PDF",
                        description="Write the board pack: one self-contained HTML file, or an A4 landscape PDF "
                                    "(needs chromium).")
    p.add_argument("id", help="snapshot id (see `snapshot list`)")
    _workspace_arg(p)
    p.add_argument("--format", choices=["html", "pdf"], default="html")
    p.add_argument("--out", required=True, metavar="PATH", help="file to write")
    p.add_argument("--lang", choices=["en", "fr"], help="language (default: the workspace's)")
    p.set_defaults(func=cmd_snapshot_export)

    p = snap.add_parser("compare", help="what changed between two snapshots",
                        description="What changed between two snapshots (default: ID against the board before it).")
    p.add_argument("id", help="the later snapshot")
    p.add_argument("against", nargs="?", help="the earlier snapshot (default: the one before ID)")
    _workspace_arg(p)
    p.add_argument("--lang", choices=["en", "fr"], default="en")
    p.add_argument("--json", action="store_true", help="print the whole comparison as JSON")
    p.set_defaults(func=cmd_snapshot_compare)

    p = snap.add_parser("decide", help="record a decision taken at a board",
                        description="Attach a decision to a snapshot; the next board's comparison shows it.")
    p.add_argument("id", help="snapshot id")
    _workspace_arg(p)
    p.add_argument("--what", required=True, help="the decision, in one sentence")
    p.add_argument("--owner", required=True, help="who carries it (a role or a team)")
    p.add_argument("--due", type=_date, help="date YYYY-MM-DD")
    p.set_defaults(func=cmd_snapshot_decide)

    p = snap.add_parser("link", help="print a read-only link to a snapshot",
                        description="Print a read-only link, signed with PILOTAGE_LINK_SECRET when it is set.")
    p.add_argument("id", help="snapshot id")
    _workspace_arg(p)
    p.add_argument("--base-url", required=True, metavar="URL", help="address of the dashboard, e.g. https://pilotage.example.com")
    p.add_argument("--expires-days", type=float, metavar="N", help="the link stops working after N days")
    p.add_argument("--lang", choices=["en", "fr"], help="language of the page")
    p.set_defaults(func=cmd_snapshot_link)


def _snapshot_store(args):
    from pilotage.application.service import store_for

    ws = _load(args)
    return ws, store_for(ws)


def cmd_snapshot_create(args) -> int:
    from pilotage.application.service import default_as_of
    from pilotage.application.snapshots import create

    ws, store = _snapshot_store(args)
    as_of = args.as_of or default_as_of(ws, store)
    t0 = time.perf_counter()
    snap = create(ws, store, as_of=as_of, title=args.title, seed=args.seed)
    print(f"snapshot {snap.id} frozen in {time.perf_counter() - t0:.1f} s: \"{snap.title}\", figures as of "
          f"{snap.as_of}, data version {snap.data_version}, definitions {snap.definitions_version}")
    print(f"  sha256 {snap.sha256}")
    return EXIT_OK


def cmd_snapshot_list(args) -> int:
    from metrics.registry import definitions_version
    from pilotage.application.snapshots import ordered_rows

    _ws, store = _snapshot_store(args)
    rows = ordered_rows(store)
    if rows.empty:
        print("no snapshot yet: freeze one with `python -m pilotage snapshot create --title \"Board …\"`")
        return EXIT_OK
    current = definitions_version()
    for r in rows.itertuples():
        older = "" if r.definitions_version == current else "  (earlier definitions)"
        print(f"{r.id}  as of {r.as_of}  frozen {r.created_at:%Y-%m-%d %H:%M} UTC  {r.title}{older}")
    return EXIT_OK


def cmd_snapshot_export(args) -> int:
    from presentation.board_pack import export

    ws, store = _snapshot_store(args)
    t0 = time.perf_counter()
    path = export(store, args.id, fmt=args.format, out=args.out, lang=args.lang, secrets=ws.secret_values())
    size = path.stat().st_size
    print(f"wrote {path} ({size / 1e6:.1f} MB, {args.format.upper()}) in {time.perf_counter() - t0:.1f} s")
    return EXIT_OK


def cmd_snapshot_compare(args) -> int:
    import json

    from pilotage.application.compare import compare
    from pilotage.application.snapshots import load, previous
    from pilotage.core.errors import SnapshotError

    _ws, store = _snapshot_store(args)
    new = load(store, args.id)
    old = load(store, args.against) if args.against else previous(store, new)
    if old is None:
        raise SnapshotError(f"snapshot {new.id} is the first one: name the snapshot to compare it with")
    result = compare(old.payload["views"], new.payload["views"])
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2, sort_keys=True))
        return EXIT_OK
    print(f"{old.id} ({old.title}, as of {old.as_of}) → {new.id} ({new.title}, as of {new.as_of})")
    print(result["sentence"][args.lang])
    if result["delivery_sentence"]:
        print(result["delivery_sentence"][args.lang])
    decided = store.decisions(old.id)
    for d in decided.itertuples():
        due = f" (due {d.due})" if d.due else ""
        print(f"  decided then: {d.what} — {d.owner}{due}")
    return EXIT_OK


def cmd_snapshot_decide(args) -> int:
    from pilotage.application.snapshots import load

    _ws, store = _snapshot_store(args)
    snap = load(store, args.id)  # the decision belongs to an existing, intact snapshot
    if not args.what.strip() or not args.owner.strip():
        raise PilotageError("a decision needs --what and --owner")
    store.add_decision(snap.id, args.what.strip(), args.owner.strip(), args.due.isoformat() if args.due else None)
    print(f"decision recorded on snapshot {snap.id} ({snap.title})")
    return EXIT_OK


def cmd_snapshot_link(args) -> int:
    from pilotage.application.snapshots import expiry_in_days, link_secret, load, signed_url

    _ws, store = _snapshot_store(args)
    snap = load(store, args.id)
    secret = link_secret()
    extra = {}
    if getattr(args, "workspace", None):
        extra["ws"] = Path(args.workspace).stem.lower()  # the dashboard's workspace picker slug
    if args.lang:
        extra["lang"] = args.lang
    if args.expires_days is not None and args.expires_days <= 0:
        raise PilotageError("--expires-days must be more than 0")
    expires = expiry_in_days(args.expires_days) if args.expires_days else None
    if not secret:
        print("warning: PILOTAGE_LINK_SECRET is not set: the link is not signed, cannot expire, and anyone who can "
              "reach the dashboard can open any snapshot. Set the same secret for the dashboard and this command.",
              file=sys.stderr)
        expires = None
    print(signed_url(args.base_url, snap.id, secret, expires_at=expires, extra=extra))
    return EXIT_OK

