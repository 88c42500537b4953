"""`python -m pilotage …`: the command line. Exit codes: 0 ok, 1 failure, 2 bad usage or bad workspace file.

Errors from the core become one friendly line each here (never a traceback); `--debug` shows the traceback.
"""

from __future__ import annotations

import argparse
import math
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


def _days(value: str) -> float:
    try:
        days = float(value)
    except ValueError:
        days = math.nan
    if not 0 < days <= 36500:  # NaN fails every comparison
        raise argparse.ArgumentTypeError(f"expected a number of days above 0 and at most 36500, got {value!r}")
    return days


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
    _operations_parser(sub)
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
            counts = ", ".join(f"{k} {v}" for k, v in sorted(s.stats.items()) if k not in ("seconds", "dropped"))
            dropped = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in s.stats.get("dropped", {}).items())
            print(f"{s.source}: {s.mode} sync OK in {s.seconds:.1f} s — {counts}; "
                  f"{s.quarantined} quarantined; {'values dropped: ' + dropped if dropped else 'no value dropped'}; "
                  f"data version {s.data_version}")
        else:
            print(f"{s.source}: FAILED after {s.seconds:.1f} s — {s.message} (the store is unchanged)")
    return EXIT_OK if all(s.ok for s in summaries) else EXIT_FAILURE


def cmd_metrics(args) -> int:
    from pilotage.application import kept_export  # light: the data stack is imported only when computing

    ws = _load(args)
    texts = kept_export.answer(ws, as_of=args.as_of, seed=args.seed)
    if texts is None:
        from pilotage.application.kept import compute_export

        texts = compute_export(ws, as_of=args.as_of, seed=args.seed)
    sys.stdout.write(texts[args.format])
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
    p.add_argument("--what", help="the decision, in one sentence (default: the chosen option's statement)")
    p.add_argument("--owner", required=True, help="who carries it (a role or a team)")
    p.add_argument("--due", type=_date, help="date YYYY-MM-DD")
    p.add_argument("--item", metavar="KEY", help="the roadmap item whose option was chosen (with --option)")
    p.add_argument("--option", choices=["move_target", "cut_scope", "add_capacity", "unblock"],
                   help="the option chosen among those the snapshot offers for --item")
    p.set_defaults(func=cmd_snapshot_decide)

    p = snap.add_parser("link", help="print a read-only link to a snapshot",
                        description="Print a read-only link, signed with PILOTAGE_LINK_SECRET when it is set.")
    p.add_argument("id", help="snapshot id")
    _workspace_arg(p)
    p.add_argument("--base-url", required=True, metavar="URL", help="address of the dashboard, e.g. https://pilotage.example.com")
    p.add_argument("--expires-days", type=_days, metavar="N", help="the link stops working after N days")
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
    from pilotage.application.snapshots import history, ordered_rows

    _ws, store = _snapshot_store(args)
    rows = ordered_rows(store)
    if rows.empty:
        print("no snapshot yet: freeze one with `python -m pilotage snapshot create --title \"Board …\"`")
        return EXIT_OK
    current = definitions_version()
    refused = set(history(store)[1])
    for r in rows.itertuples():
        if r.id in refused:  # its title and dates cannot be trusted: say so instead of showing them
            print(f"{r.id}  REFUSED: modified after it was frozen (left out of comparisons)")
            continue
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
    _warn_refused(store)
    return EXIT_OK


def _warn_refused(store) -> None:
    """One line per snapshot left out of comparisons because it was modified after it was frozen."""
    from pilotage.application.snapshots import history

    for snapshot_id in history(store)[1]:
        print(f"warning: snapshot {snapshot_id} was modified after it was frozen: left out of comparisons",
              file=sys.stderr)


def cmd_snapshot_compare(args) -> int:
    import json

    from pilotage.application.compare import compare
    from pilotage.application.snapshots import load, previous
    from pilotage.core.errors import SnapshotError
    from presentation.decisions import follow_ups
    from presentation.i18n import set_language

    _ws, store = _snapshot_store(args)
    new = load(store, args.id)
    old = load(store, args.against) if args.against else previous(store, new)
    if old is None:
        raise SnapshotError(f"snapshot {new.id} is the first one: name the snapshot to compare it with")
    result = compare(old.payload["views"], new.payload["views"])
    _warn_refused(store)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2, sort_keys=True))
        return EXIT_OK
    print(f"{old.id} ({old.title}, as of {old.as_of}) → {new.id} ({new.title}, as of {new.as_of})")
    print(result["sentence"][args.lang])
    if result["delivery_sentence"]:
        print(result["delivery_sentence"][args.lang])
    decided = store.decisions(old.id, with_options=True)
    for d in decided.itertuples():
        due = f" (due {d.due})" if d.due else ""
        print(f"  decided then: {d.what} — {d.owner}{due}")
    set_language(args.lang)
    for line in follow_ups(decided, old.payload["views"], new.payload["views"]):
        print(f"  {line}")
    return EXIT_OK


def cmd_snapshot_decide(args) -> int:
    from pilotage.application.decisions import chosen_option
    from pilotage.application.snapshots import load

    _ws, store = _snapshot_store(args)
    snap = load(store, args.id)  # the decision belongs to an existing, intact snapshot
    what = (args.what or "").strip()
    if bool(args.item) != bool(args.option):
        raise PilotageError("a decision on an option needs both --item and --option")
    if args.option:
        option = chosen_option(snap.payload["views"], args.item, args.option)
        what = what or option["statement"]["en"]
    if not what or not args.owner.strip():
        raise PilotageError("a decision needs --what and --owner (--item and --option can replace --what)")
    store.add_decision(snap.id, what, args.owner.strip(), args.due.isoformat() if args.due else None,
                       item_key=args.item, option=args.option)
    print(f"decision recorded on snapshot {snap.id} ({snap.title})")
    return EXIT_OK


def cmd_snapshot_link(args) -> int:
    from pilotage.application.snapshots import expiry_in_days, link_secret, load, signed_url

    ws, store = _snapshot_store(args)
    snap = load(store, args.id)
    secret = link_secret()
    extra = {}
    if getattr(args, "workspace", None):
        extra["ws"] = Path(args.workspace).stem.lower()  # the dashboard's workspace picker slug
    if args.lang:
        extra["lang"] = args.lang
    expires = expiry_in_days(args.expires_days) if args.expires_days else None
    if not secret:
        print("warning: PILOTAGE_LINK_SECRET is not set: the link is not signed, cannot expire, and anyone who can "
              "reach the dashboard can open any snapshot. Set the same secret for the dashboard and this command.",
              file=sys.stderr)
        expires = None
    print(signed_url(args.base_url, snap.id, secret, workspace=ws.slug, expires_at=expires, extra=extra))
    return EXIT_OK


# ------------------------------------------------------------------------------------------ operations


def _operations_parser(sub) -> None:
    """`worker`, `status`, `digest`, `store export | import` (docs/deploy.md)."""
    p = sub.add_parser("worker", help="keep workspaces fresh: scheduled syncs until stopped",
                       description="Sync each workspace on a schedule (incremental, a full run nightly, back-off "
                                   "when a source is down) until SIGTERM. Default workspaces: PILOTAGE_WORKSPACES.")
    p.add_argument("--workspace", "-w", metavar="FILE", action="append", help="workspace TOML file (repeatable)")
    p.add_argument("--every", default="1h", metavar="INTERVAL", help="time between runs: 15m, 1h, 1d (default 1h)")
    p.add_argument("--jitter", type=float, default=0.1, help="random share of the interval added to each wait (0.1)")
    p.add_argument("--full-at", type=int, default=2, metavar="HOUR",
                   help="UTC hour of the nightly full sync (default 2; -1: never)")
    p.add_argument("--once", action="store_true", help="run each workspace once, then exit (1 if a run failed)")
    p.add_argument("--digest-to", action="append", metavar="ADDR[:LANG]", default=[],
                   help="also send the weekly digest to this address (repeatable; :fr or :en picks the language)")
    p.add_argument("--digest-at", default="mon@7", metavar="DAY@HOUR",
                   help="when the digest goes: the first run after this UTC day and hour of the week (mon@7)")
    p.add_argument("--base-url", metavar="URL", help="the dashboard's address, for the digest's links")
    p.set_defaults(func=cmd_worker)

    p = sub.add_parser("digest", help="e-mail the executive summary (the Monday digest)",
                       description="Send the executive summary by e-mail (SMTP settings from PILOTAGE_SMTP_*: "
                                   "docs/deploy.md): what is at stake, what needs a decision, what changed since "
                                   "last week, and links to the dashboard.")
    _workspace_arg(p)
    p.add_argument("--to", action="append", metavar="ADDR[:LANG]", default=[],
                   help="recipient (repeatable); :fr or :en picks the language (default: the workspace's)")
    p.add_argument("--base-url", required=True, metavar="URL", help="the dashboard's address")
    p.add_argument("--print", dest="print_only", action="store_true",
                   help="print the plain-text part instead of sending")
    p.set_defaults(func=cmd_digest)

    p = sub.add_parser("status", help="how fresh the data is; exit 1 when stale (for monitoring)",
                       description="Print when each source was last read and any warning the pages show; exit 1 "
                                   "when a source is stale or failing.")
    _workspace_arg(p, required=True)
    p.add_argument("--lang", choices=["en", "fr"], default="en")
    p.set_defaults(func=cmd_status)

    group = sub.add_parser("store", help="back up or restore a workspace's store",
                           description="Back up a workspace's store (records, raw payloads, sync runs, snapshots, "
                                       "decisions) to one file, or restore it (every hash checked first).")
    store = group.add_subparsers(dest="store_command", metavar="ACTION", parser_class=_Parser)
    store.required = True
    p = store.add_parser("export", help="write the store to a file (.json or .json.gz)")
    _workspace_arg(p, required=True)
    p.add_argument("--out", required=True, metavar="PATH", help="file to write (gzip when it ends in .gz)")
    p.set_defaults(func=cmd_store_export)
    p = store.add_parser("import", help="restore the store from a file written by `store export`")
    _workspace_arg(p, required=True)
    p.add_argument("--in", dest="source", required=True, metavar="PATH", help="backup file")
    p.add_argument("--replace", action="store_true", help="overwrite a store that already holds data")
    p.set_defaults(func=cmd_store_import)


def _worker_workspaces(args) -> list[Workspace]:
    import os

    from pilotage.core.workspace import workspace_files

    if args.workspace:
        return [load_workspace(path) for path in args.workspace]
    folder = os.environ.get("PILOTAGE_WORKSPACES")
    if not folder:
        raise PilotageError("name the workspaces with --workspace FILE (repeatable) or set PILOTAGE_WORKSPACES")
    return [load_workspace(path) for path in workspace_files(folder)]


def cmd_worker(args) -> int:
    from pilotage.application.worker import Schedule, Worker, parse_interval

    try:
        schedule = Schedule(every=parse_interval(args.every), jitter=args.jitter,
                            nightly_full_hour=None if args.full_at < 0 else args.full_at)
    except ValueError as e:
        raise PilotageError(f"--every: {e}") from None
    workspaces = [ws for ws in _worker_workspaces(args) if not ws.demo]
    if not workspaces:
        raise PilotageError("no workspace with a source to sync (the demo company is rebuilt with `demo`)")
    worker = Worker(workspaces, schedule, after_run=_digest_schedule(args))
    worker.install_signal_handlers()
    if args.once:
        from pilotage.application.worker import Stopped

        try:
            results = [worker.run_once(ws) for ws in workspaces]
        except Stopped:
            print("stopped during a run: that run was rolled back, the store is as it was before it", file=sys.stderr)
            return EXIT_FAILURE
        return EXIT_OK if all(r and all(s.ok for s in r) for r in results) else EXIT_FAILURE
    worker.run_forever()
    return EXIT_OK


def cmd_status(args) -> int:
    from pilotage.application.freshness import freshness
    from pilotage.core.store import open_store
    from presentation import i18n
    from presentation.freshness import SOURCE_NAMES, freshness_line, freshness_warnings, when

    ws = _load(args)
    i18n.set_language(args.lang)
    fresh = freshness(ws, open_store(ws))
    print(f"{ws.name}: {freshness_line(fresh) or '-'}")
    for warning in freshness_warnings(fresh):
        print(f"WARNING: {warning}")
    for s in fresh.sources:
        last = when(s.last_ok) if s.last_ok is not None else "never"
        failing = f"; {s.failures} failed run(s) since, last: {s.message}" if s.failures else ""
        print(f"  {SOURCE_NAMES[s.source]}: last successful run {last}{failing}")
    print(f"  stale after {fresh.stale_after.total_seconds() / 3600:g} h")
    return EXIT_FAILURE if fresh.stale else EXIT_OK


def _backup_summary(verb: str, summary) -> None:
    records = sum(n for name, n in summary.rows.items() if name not in ("raw_payloads", "sync_runs", "quarantine"))
    print(f"{verb} {summary.path}: {records} records, {summary.snapshots} snapshot(s), "
          f"{summary.rows['raw_payloads']} raw payloads, {summary.rows['sync_runs']} sync runs; "
          f"data version {summary.data_version}")


def cmd_store_export(args) -> int:
    from pilotage.application.backup import export_store
    from pilotage.core.store import open_store

    _backup_summary("wrote", export_store(open_store(_load(args)), args.out))
    return EXIT_OK


def cmd_store_import(args) -> int:
    from pilotage.application.backup import import_store
    from pilotage.core.store import open_store

    _backup_summary("restored", import_store(open_store(_load(args)), args.source, replace=args.replace))
    return EXIT_OK


def _recipients(values: list[str], default_lang: str) -> list[tuple[str, str]]:
    """(address, language) of each `ADDR[:LANG]`."""
    out = []
    for value in values:
        address, _, lang = value.partition(":")
        lang = lang or default_lang
        if "@" not in address or lang not in ("en", "fr"):
            raise PilotageError(f"recipient {value!r}: expected an address, optionally followed by :en or :fr")
        out.append((address.strip(), lang))
    return out


def _send_digest(ws: Workspace, store, recipients: list[tuple[str, str]], base_url: str) -> int:
    """Build, render and send the digest: one message per recipient in their language. Returns how many."""
    from pilotage.application.digest import build_digest
    from pilotage.application.mail import SmtpSettings, message, send
    from presentation.digest import render_digest

    settings = SmtpSettings.from_environment()
    content = build_digest(ws, store, base_url=base_url)
    mails = {lang: render_digest(content, lang) for lang in {lang for _a, lang in recipients}}
    send(settings, [message(settings.sender, address, mails[lang].subject, mails[lang].text, mails[lang].html, lang)
                    for address, lang in recipients])
    return len(recipients)


def cmd_digest(args) -> int:
    from pilotage.application.service import store_for

    ws = _load(args)
    store = store_for(ws)
    if args.print_only:
        from pilotage.application.digest import build_digest
        from presentation.digest import render_digest

        recipients = _recipients(args.to, ws.language)
        lang = recipients[0][1] if recipients else ws.language
        mail = render_digest(build_digest(ws, store, base_url=args.base_url), lang)
        print(f"Subject: {mail.subject}\n\n{mail.text}")
        return EXIT_OK
    recipients = _recipients(args.to, ws.language)
    if not recipients:
        raise PilotageError("name at least one recipient with --to ADDR (or use --print)")
    sent = _send_digest(ws, store, recipients, args.base_url)
    print(f"digest sent to {sent} recipient(s)")
    return EXIT_OK


def _digest_schedule(args):
    """The worker's after-run hook that sends the weekly digest once a week (None when no --digest-to)."""
    if not args.digest_to:
        return None
    if not args.base_url:
        raise PilotageError("--digest-to needs --base-url (the dashboard's address, for the digest's links)")
    from pilotage.application.digest import digest_due, parse_digest_at

    try:
        weekday, hour = parse_digest_at(args.digest_at)
    except ValueError as e:
        raise PilotageError(f"--digest-at: {e}") from None
    _recipients(args.digest_to, "en")  # a wrong address stops the start, not the first Monday

    def after_run(ws, store, summaries) -> None:
        from datetime import UTC, datetime

        due = digest_due(datetime.now(UTC), weekday, hour)
        if due is None or store.read_note("digest_sent_for") == due.isoformat():
            return
        sent = _send_digest(ws, store, _recipients(args.digest_to, ws.language), args.base_url)
        store.write_note("digest_sent_for", due.isoformat())  # once a week, whichever worker or restart sends it
        print(f"workspace={ws.slug} digest sent to {sent} recipient(s)", file=sys.stderr, flush=True)

    return after_run
