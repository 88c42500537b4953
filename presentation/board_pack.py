"""The board pack: a frozen snapshot as one self-contained HTML page and as an A4 landscape PDF.

`export(store, snapshot_id, fmt="html"|"pdf", out=PATH, lang=None, secrets=())` writes the file. Both formats come
from the same HTML (`render_html`): the HTML export inlines plotly.js once (first figure) and opens offline; the PDF
is that page printed by Debian chromium (`chromium --headless --print-to-pdf`), with static charts, one section
per page (page breaks), and a footer naming the snapshot and the page number.

Sections (printed pages): summary (portfolio line, "since last board" as a ranked list, the decisions of the last
board, one card per key item), what it means (every item's statement), since last board (moves per item, headline
figures, decisions, calibration of earlier forecasts; only with an earlier snapshot), roadmap (timeline and
table), target date history, delivery (two pages), engineering (DORA), definitions, then data confidence and
"about this snapshot" (id, SHA-256, as_of, versions, seed, thresholds, team costs) on one page.

Everything shown comes from the frozen views document's stable parts (`meta`, `metrics` — the export document
whose keys are only ever added — and `definitions`; the portfolio line is the executive section's when present),
so snapshots made by earlier versions render the same way, plus the store's snapshot history and decisions. The page
is rendered by Jinja2 templates (presentation/templates/pack/, one per section, listed in `SECTIONS`) with autoescape:
titles from Jira/GitHub are text, never markup. Cards, traffic lights, statements, tables, the roadmap timeline and
the team and category colours are the dashboard's own (presentation.cards, models, palette, charts_roadmap). The
language is the snapshot's workspace language unless `lang` says otherwise.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import plotly.io as pio
from markupsafe import Markup

from metrics.glossary import GLOSSARY
from metrics.translate import portfolio_group, portfolio_line
from pilotage.application.calibration import calibration
from pilotage.application.compare import DORA, SENTENCE_ITEMS, compare
from pilotage.application.freshness import Freshness, freshness_when_frozen
from pilotage.application.snapshots import Snapshot, calibration_history, history, leaked_secrets, load, previous
from pilotage.core.errors import SnapshotError
from pilotage.core.store import Store
from presentation import charts_snapshots as charts
from presentation import i18n
from presentation.board_pack_trail import trail_context
from presentation.cards import done_date, item_card, item_status
from presentation.charts_delivery import fmt_hours
from presentation.charts_roadmap import timeline, to_date
from presentation.freshness import pack_line
from presentation.i18n import band_words, fmt_date, fmt_money, fmt_number, fmt_pct, fmt_probability, label, t, tn
from presentation.models import Band, Cell, Status, Table
from presentation.pack_options import options_context
from presentation.render import render, stylesheet
from presentation.tables import day_text, drift_text, move_text, moves_table
from presentation.trend import Change, change

FORMATS = ("html", "pdf")
CHROMIUM_ENV = "PILOTAGE_CHROMIUM"
PRINT_WIDTH = 1000  # px: the printable width of A4 landscape with 12 mm margins is ~1030 px
FONT = "Liberation Sans, Arial, Helvetica, sans-serif"
CONFIDENCE_RATIOS = ("estimated_items", "items_with_start", "epics_with_target", "prs_deployed", "incidents_linked")


@dataclass(frozen=True)
class BoardPack:
    """What a board pack shows: the snapshot, the board before it and what changed since, the decisions."""

    snapshot: Snapshot
    previous: Snapshot | None
    comparison: dict | None  # pilotage.application.compare.compare(previous views, these views)
    calibration: dict | None  # pilotage.application.calibration.calibration(earlier snapshots, these views)
    decisions: list[dict]  # recorded against this snapshot: what, owner, due
    previous_decisions: list[dict]  # recorded against the previous one ("decided last time")
    refused: list[str]  # earlier snapshots left out because their hash no longer matches
    freshness: Freshness | None = None  # when each source had last been read as the snapshot was frozen

    @property
    def views(self) -> dict:
        return self.snapshot.payload["views"]


def gather(store: Store, snapshot_id: str) -> BoardPack:
    """The snapshot (hash verified), its predecessor, the comparison, the calibration and the decisions."""
    snapshot = load(store, snapshot_id)
    earlier, refused = history(store, before=snapshot.as_of)
    before = previous(store, snapshot)
    views = snapshot.payload["views"]
    comparison = compare(before.payload["views"], views) if before else None
    judged = calibration(calibration_history(earlier), views) if earlier else None
    return BoardPack(
        snapshot=snapshot, previous=before, comparison=comparison, calibration=judged,
        decisions=_records(store, snapshot.id), previous_decisions=_records(store, before.id) if before else [],
        refused=refused, freshness=freshness_when_frozen(store, snapshot.created_at),
    )


def _records(store: Store, snapshot_id: str) -> list[dict]:
    frame = store.decisions(snapshot_id, with_options=True)
    return [{k: (None if v is None or v != v else str(v)) for k, v in r.items()} for r in frame.to_dict("records")]


def export(store: Store, snapshot_id: str, *, fmt: str, out: str | os.PathLike, lang: str | None = None,
           secrets: Sequence[str] = ()) -> Path:
    """Write the board pack of a snapshot as `fmt` ("html" or "pdf") to `out`; returns the path.

    `secrets`: the configured secret values (Workspace.secret_values()); an export containing one is refused.
    SnapshotError when the snapshot is missing or tampered with, a secret would leak, or chromium is missing.
    """
    path = Path(out)
    content = pack_bytes(store, snapshot_id, fmt=fmt, lang=lang, secrets=secrets)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    except OSError as e:
        raise SnapshotError(f"cannot write the board pack to {path}: {e.strerror or e}") from None
    return path


def pack_bytes(store: Store, snapshot_id: str, *, fmt: str, lang: str | None = None,
               secrets: Sequence[str] = ()) -> bytes:
    """The board pack as file content (UTF-8 HTML or PDF), for `export` and the dashboard's download buttons."""
    if fmt not in FORMATS:
        raise SnapshotError(f"unknown export format {fmt!r}: use html or pdf")
    html = render_html(gather(store, snapshot_id), lang=lang, for_print=fmt == "pdf")
    if leaked_secrets(html, list(secrets)):
        raise SnapshotError("the board pack would contain the value of a configured secret: nothing was written")
    if fmt == "html":
        return html.encode("utf-8")
    with tempfile.TemporaryDirectory(prefix="pilotage-pack-") as tmp:
        page, pdf = Path(tmp) / "pack.html", Path(tmp) / "pack.pdf"
        page.write_text(html, encoding="utf-8")
        print_pdf(page, pdf, profile=Path(tmp) / "profile")
        return pdf.read_bytes()


def chromium_path() -> str | None:
    """Debian chromium (or the browser named by PILOTAGE_CHROMIUM)."""
    named = os.environ.get(CHROMIUM_ENV)
    if named:
        return named if Path(named).exists() else None
    return shutil.which("chromium") or shutil.which("chromium-browser")


def print_pdf(html_path: Path, pdf_path: Path, *, profile: Path, timeout: float = 120) -> None:
    """Print a local HTML file to PDF with headless chromium (the page's @page rules set A4 landscape)."""
    browser = chromium_path()
    if browser is None:
        raise SnapshotError("the PDF export needs chromium: install it with `apt-get install -y chromium "
                            f"fonts-liberation` (or name the browser in {CHROMIUM_ENV}); the HTML export works without")
    command = [
        browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-pdf-header-footer",
        f"--user-data-dir={profile}", "--virtual-time-budget=20000", f"--print-to-pdf={pdf_path}",
        Path(html_path).resolve().as_uri(),
    ]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise SnapshotError(f"chromium did not finish printing the board pack within {timeout:.0f} s") from None
    if done.returncode != 0 or not Path(pdf_path).exists() or Path(pdf_path).stat().st_size == 0:
        tail = (done.stderr or "").strip().splitlines()[-3:]
        raise SnapshotError(f"chromium could not print the board pack (exit {done.returncode}): " + " | ".join(tail))


# --------------------------------------------------------------------------------------------------- rendering

# The pack's sections in reading order. Each name is a method of `_Page` returning the section's template context
# (None: the section is left out) and a template `presentation/templates/pack/<name>.html.j2` drawing it; to add a
# section, write both and list it here. A section starts a printed page unless its context says `follows`.
SECTIONS = ("summary", "options", "statements", "since_last_board", "roadmap", "ledger", "trail", "delivery", "delivery2",
            "engineering", "definitions", "confidence", "about")


@contextmanager
def in_language(lang: str) -> Iterator[None]:
    """Render in `lang`, then give the dashboard its language back."""
    before = i18n.language()
    i18n.set_language(lang)
    try:
        yield
    finally:
        i18n.set_language(before)


def pack_language(pack: BoardPack, lang: str | None) -> str:
    wanted = lang or pack.views.get("meta", {}).get("language") or "en"
    return wanted if wanted in i18n.LANGUAGES else "en"


def render_html(pack: BoardPack, *, lang: str | None = None, for_print: bool = False) -> str:
    """The whole board pack as one HTML document (plotly.js inlined once; `for_print`: fixed-width static charts
    for chromium's PDF printing)."""
    language = pack_language(pack, lang)
    with in_language(language):
        page = _Page(pack, language, for_print)
        sections = []
        for name in SECTIONS:
            context = getattr(page, name)()
            if context is not None:
                sections.append(Markup(render(f"pack/{name}.html.j2", **context)))
        snap = pack.snapshot
        footer = f"Pilotage · {snap.title} · {t('pack.snapshot')} {snap.id} · {t('pack.as_of_short')} " \
                 f"{fmt_date(snap.as_of)}"
        return render("pack/pack.html.j2", lang=language, title=t("pack.title", title=snap.title), footer=footer,
                      css=Markup(CSS), components=stylesheet(), for_print=for_print, sections=sections)


def _status(entry: Mapping) -> Status:
    return item_status(entry)


class _Page:
    """Builds the context of each section of one pack in the current language."""

    def __init__(self, pack: BoardPack, lang: str, for_print: bool) -> None:
        self.pack, self.lang, self.for_print = pack, lang, for_print
        self.views = pack.views
        self.meta = self.views.get("meta") or {}
        self.metrics = self.views.get("metrics") or {}
        self.items = dict(ordered_items(self.metrics.get("roadmap") or {}))
        self.currency = self.meta.get("currency") or self.metrics.get("currency") or "EUR"
        self.names = {d["id"]: d["name"].get(lang, d["id"]) for d in self.views.get("definitions") or []}
        self.charts = 0

    # ------------------------------------------------------------------------------------- formats
    def money(self, amount) -> str:
        return fmt_money(amount, self.currency)

    def name(self, metric_id: str) -> str:
        """The figure's label from the glossary (as on the pages); a frozen metric it no longer has keeps its name."""
        return label(metric_id) if metric_id in GLOSSARY else self.names.get(metric_id, metric_id)

    def figure(self, fig, *, height: int | None = None) -> Markup:
        """A Plotly figure as HTML (Plotly's own markup, trusted): plotly.js inlined with the first figure only."""
        if fig is None:
            return Markup("")
        self.charts += 1
        fig.update_layout(font={"family": FONT})
        if self.for_print:
            fig.update_layout(width=PRINT_WIDTH)
        if height:
            fig.update_layout(height=height)
        config = {"staticPlot": True} if self.for_print else {"displaylogo": False, "responsive": True}
        return Markup(pio.to_html(fig, include_plotlyjs=self.charts == 1, full_html=False, config=config,
                                  div_id=f"pack-chart-{self.charts}", default_width="100%"))

    # ------------------------------------------------------------------------------------- summary
    def portfolio(self) -> str:
        """The roadmap's portfolio line: from the executive section when the views carry it, else from the frozen
        items (the same function over the same figures)."""
        frozen = ((self.views.get("executive") or {}).get("portfolio") or {}).get("*")  # all teams
        if isinstance(frozen, Mapping) and frozen.get(self.lang):
            return frozen[self.lang]
        key_items = [x for x in self.items.values() if x.get("key_item")]
        counts: dict[str, int] = {}
        for x in key_items:
            group = portfolio_group(x.get("status"), bool((x.get("forecast") or {}).get("p85")))
            counts[group] = counts.get(group, 0) + 1
        moved = sum(1 for x in key_items if x.get("status") == "green" and (x.get("drift_days") or 0) > 0)
        return portfolio_line(counts, self.lang, moved=moved)

    def summary(self) -> dict:
        snap = self.pack.snapshot
        return {
            "kicker": t("pack.kicker", company=self.meta.get("workspace", "")), "title": snap.title,
            "dates": t("pack.dates", as_of=fmt_date(snap.as_of), created=fmt_date(snap.created_at.date()), id=snap.id),
            "demo": t("pack.demo") if self.meta.get("demo") else "",
            "freshness": pack_line(self.pack.freshness) if self.pack.freshness else "",
            "older": "" if version_is_current(snap) else t("snap.older_definitions", version=snap.definitions_version),
            "portfolio": self.portfolio(),
            "since": self.since_summary(self.pack.comparison) if self.pack.comparison else None,
            "decided_last_time": t("pack.decided_last_time"),
            "previous_decisions": [self.decision(d) for d in self.pack.previous_decisions],
            "cards": [item_card(k, x, currency=self.currency) for k, x in self.items.items() if x.get("key_item")],
            "no_key_items": t("pack.no_key_items"),
            "decided_here": t("pack.decided_here"),
            "decisions": [self.decision(d) for d in self.pack.decisions],
        }

    def since_summary(self, c: Mapping) -> dict:
        """"Since last board (date):" and one line per item that changed, the most important first (at most
        compare.SENTENCE_ITEMS; the rest counted, with a pointer to the page that lists them)."""
        by_key = {r["key"]: r for r in c["items"]}
        ranked = [by_key[k] for k in c.get("ranked", []) if k in by_key]
        rest = len(ranked) - SENTENCE_ITEMS
        return {
            "head": t("pack.since.head", date=day_text(c["old"]["as_of"])),
            "nothing": t("pack.since.nothing") if not ranked else "",
            "lines": [r["sentence"][self.lang] for r in ranked[:SENTENCE_ITEMS]],
            "more": tn("pack.since.more", rest, n=rest) if rest > 0 else "",
            "delivery": (c.get("delivery_sentence") or {}).get(self.lang, "") if ranked else "",
        }

    def statements(self) -> dict | None:
        """Every roadmap item's statement (key items first): the figures of the cards, in words."""
        said = [(_status(x), x["statement"][self.lang], x.get("name") or "") for x in self.items.values()
                if (x.get("statement") or {}).get(self.lang)]
        if not said:
            return None
        return {"id": "statements", "title": t("pack.what_it_means"), "intro": t("pack.statements.intro"),
                "statements": said}

    def decision(self, d: Mapping) -> str:
        due = t("pack.decision_due", date=day_text(d["due"])) if d.get("due") else ""
        return t("pack.decision", what=d.get("what", ""), owner=d.get("owner", ""), due=due).strip()

    # ------------------------------------------------------------------------------------- since last board
    def since_last_board(self) -> dict | None:
        c, before = self.pack.comparison, self.pack.previous
        cal = self.pack.calibration
        if c is None and not (cal and cal["judged"]):
            return None
        tables = []
        if c is not None:
            tables.append(moves_table(c, self.currency))
            headlines = self.headline_table(c)
            if headlines:
                tables.append(headlines)
        if self.pack.previous_decisions:
            rows = tuple((d.get("what"), d.get("owner"), day_text(d.get("due"))) for d in self.pack.previous_decisions)
            tables.append(Table((t("pack.col.what"), t("pack.col.owner"), t("pack.col.due")), rows,
                                title=t("pack.decided_last_time")))
        calibration_sentence, calibration_table = "", None
        if cal and cal["judged"]:
            calibration_sentence = cal["sentence"][self.lang]
            rows = tuple((day_text(r["snapshot_as_of"]), r["name"], day_text(r["p85"]), day_text(r["done_date"]),
                          t(f"pack.outcome.{r['outcome']}")) for r in cal["forecasts"] if r["outcome"] != "pending")
            calibration_table = Table((t("pack.col.board"), t("pack.col.item"), t("pack.p85_date"), t("pack.done_on"),
                                       t("pack.col.outcome")), rows, "compact")
        return {
            "id": "since", "title": t("pack.since.title"),
            "intro": t("pack.since.intro", title=before.title, as_of=fmt_date(before.as_of)) if before else "",
            "tables": tables, "calibration_title": t("pack.calibration"),
            "calibration_sentence": calibration_sentence, "calibration_table": calibration_table,
            "refused": t("pack.refused", ids=", ".join(self.pack.refused)) if self.pack.refused else "",
        }

    def headline_table(self, c: Mapping) -> Table | None:
        shown = [h for h in c["headlines"] if h["scope"] == "*" and not h["metric"].startswith("allocation")]
        shown += [h for h in c["headlines"] if h["metric"] in DORA and h.get("old_band") != h.get("new_band")]
        if not shown:
            return None
        rows = []
        for h in shown:
            scope = t("pack.all_teams") if h["scope"] == "*" else h["scope"]
            fmt = fmt_pct if h["unit"] in ("ratio", "share") else fmt_hours if h["unit"] == "hours" else fmt_number
            old, new = fmt(h["old"]), fmt(h["new"])
            moved = change(h["metric"], h["old"], h["new"], fmt) if h["metric"] in GLOSSARY else None
            if h["metric"] in DORA:
                old += f" ({band_words(h['old_band']) if h.get('old_band') else '—'})"
                new += f" ({band_words(h['new_band']) if h.get('new_band') else '—'})"
            name = self.name(h["metric"])
            rows.append((scope, name, old, new, Cell(moved.text, trend=moved.words) if moved else "—"))
        return Table((t("pack.col.scope"), t("pack.col.figure"), t("pack.col.then"), t("pack.col.now"),
                      t("pack.col.change")), tuple(rows),
                     "compact", title=t("pack.headlines"))

    # ------------------------------------------------------------------------------------- roadmap
    def roadmap(self) -> dict:
        base = {"id": "roadmap", "title": t("pack.roadmap.title")}
        if not self.items:
            return {**base, "intro": "", "empty": t("pack.roadmap.empty"), "chart": "", "table": None}
        as_of = date.fromisoformat(self.meta.get("as_of") or self.metrics["as_of"])
        timeline_rows = [timeline_row(key, x) for key, x in self.items.items()
                         if (x.get("forecast") or {}).get("p85") or x.get("target_date")]
        chart = self.figure(timeline(timeline_rows, as_of=as_of), height=120 + 28 * len(timeline_rows)) \
            if timeline_rows else Markup("")
        rows = []
        for key, x in self.items.items():
            f = x.get("forecast") or {}
            rng = f"{day_text(f.get('p50'))} – {day_text(f.get('p85'))}" if f.get("p85") else \
                ((f.get("reason") or {}).get(self.lang) if isinstance(f.get("reason"), Mapping) else t("pack.no_forecast"))
            if done_date(x):
                rng = t("pack.delivered_on", date=day_text(done_date(x)))
            rows.append((Cell(x.get("name") or key, note=key), x.get("team"), Cell(statuses=(_status(x),)),
                         day_text(x.get("baseline_date")), day_text(x.get("target_date")), rng,
                         fmt_probability(f.get("on_time_probability")), drift_text(x.get("drift_days")), x.get("slips", 0),
                         x.get("remaining"), self.money(x.get("extra_cost")), self.money(x.get("cost_of_delay"))))
        table = Table((t("pack.col.item"), t("pack.col.team"), t("pack.col.status"), t("pack.baseline"),
                       t("pack.target"), t("pack.range"), self.name("on_time_probability"),
                       self.name("roadmap_drift"), self.name("roadmap_slips"), t("pack.col.remaining"),
                       self.name("extra_cost"), self.name("cost_of_delay")), tuple(rows), "compact dense")
        return {**base, "intro": t("roadmap.legend"), "empty": "", "chart": chart, "table": table}

    def ledger(self) -> dict | None:
        rows = []
        for key, x in self.items.items():
            for h in x.get("target_history") or []:
                kind, days = h.get("kind"), h.get("change_days")
                if kind in ("later", "earlier") and days:
                    move = move_text(days)
                else:
                    move = t(f"pack.kind.{kind}") if kind in ("set", "later", "earlier", "cleared") else kind or ""
                source = h.get("source")
                source = t(f"pack.source.{source}") if source in ("due date", "fix version", "workspace") else source
                rows.append((x.get("name") or key, day_text(h.get("at")), day_text(h.get("date")), move, source))
        if not rows:
            return None
        return {"id": "ledger", "title": t("pack.ledger.title"), "intro": t("pack.ledger.intro"),
                "table": Table((t("pack.col.item"), t("pack.col.changed_on"), t("pack.col.new_target"),
                                t("pack.col.move"), t("pack.col.source")), tuple(rows), "compact")}

    def options(self) -> dict | None:
        return options_context(self)

    def trail(self) -> dict | None:
        return trail_context(self)

    # ------------------------------------------------------------------------------------- delivery
    def delivery(self) -> dict | None:
        teams = self.metrics.get("teams") or {}
        if not teams:
            return None
        rows = []
        for team, b in teams.items():
            weekly = [w.get("items", 0) for w in b.get("throughput") or []]
            accuracy = [s["planning_accuracy"] for s in b.get("sprints") or [] if s.get("planning_accuracy") is not None]
            ct = b.get("cycle_time_days") or {}
            over = sum(1 for a in b.get("ageing_wip") or [] if a.get("over_p85"))
            rows.append((team, fmt_number(statistics.median(weekly) if weekly else None),  # "typically", as the page
                         t("pack.p50_p85", p50=fmt_number(ct.get("p50")), p85=fmt_number(ct.get("p85"))),
                         fmt_pct(sum(accuracy) / len(accuracy) if accuracy else None),
                         fmt_pct(b.get("velocity_stability")), b.get("wip"), over))
        table = Table((t("pack.col.team"), self.name("throughput"), t("pack.cycle_time_days"),
                       self.name("planning_accuracy"), self.name("velocity_stability"), self.name("wip"),
                       t("pack.col.ageing")), tuple(rows), "compact")
        intro = t("pack.delivery.intro", weeks=self.meta.get("weeks") or "",
                  start=day_text(self.meta.get("window_start")), end=day_text(self.meta.get("window_end")))
        return {"id": "delivery", "title": t("pack.delivery.title"), "intro": intro, "table": table,
                "chart": self.figure(charts.throughput_by_team(teams), height=270)}

    def delivery2(self) -> dict | None:
        teams = self.metrics.get("teams") or {}
        if not teams:
            return None
        return {"id": "delivery2", "title": t("pack.delivery2.title"), "intro": t("pack.delivery2.intro"),
                "accuracy_chart": self.figure(charts.planning_accuracy(teams), height=250),
                "allocation_title": t("exec.allocation"), "allocation_chart": self.figure(charts.allocation(teams))}

    # ------------------------------------------------------------------------------------- engineering
    def dora_cells(self, d: Mapping) -> list[Cell]:
        bands = d.get("bands") or {}
        values = {
            "deployment_frequency": t("eng.kpi.per_week", n=fmt_number(d.get("deployments_per_week"))),
            "lead_time": fmt_hours((d.get("lead_time_hours") or {}).get("p50")),
            "change_failure_rate": fmt_pct(d.get("change_failure_rate")),
            "time_to_restore": fmt_hours((d.get("time_to_restore_hours") or {}).get("p50")),
        }
        cells = []
        for key, value in values.items():
            b = bands.get(key) or {}
            cells.append(Cell(value, band=Band(b["band"], band_words(b["band"])) if b.get("band") else None,
                              trend=Change(b["trend"], "").words if b.get("trend") else "", goal=self.next_band(b)))
        return cells

    def next_band(self, b: Mapping) -> str:
        """What reaching the next band takes, in words ("elite: under 24 h")."""
        target, measure, nxt = b.get("target"), b.get("measure"), b.get("next_band")
        if target is None or not measure or not nxt:
            return ""
        if measure == "deploy_days_per_week_median":
            goal = t("pack.goal.deploy_day" if target == 1 else "pack.goal.deploy_days", n=fmt_number(target, 0))
        elif measure == "deployments_per_week":
            goal = t("pack.goal.deployments", n=fmt_number(target))
        elif measure == "change_failure_rate":
            goal = t("pack.goal.at_most", value=fmt_pct(target))
        else:
            goal = t("pack.goal.under", value=fmt_hours(target))
        return t("pack.goal", band=band_words(nxt), goal=goal)

    def engineering(self) -> dict | None:
        teams, repos = self.metrics.get("teams") or {}, self.metrics.get("repos") or {}
        if not teams and not repos:
            return None
        headers = (self.name("deployment_frequency"), self.name("lead_time_for_changes"),
                   self.name("change_failure_rate"), self.name("time_to_restore"))
        team_rows = tuple((team, *self.dora_cells(b.get("dora") or {})) for team, b in teams.items())
        repo_rows = tuple((repo, *self.dora_cells(d), d.get("undeployed_prs", 0)) for repo, d in repos.items())
        return {"id": "engineering", "title": t("pack.engineering.title"), "intro": t("pack.engineering.intro"),
                "tables": [Table((t("pack.col.team"), *headers), team_rows, "compact"),
                           Table((t("pack.col.repo"), *headers, self.name("undeployed_prs")), repo_rows, "compact repos",
                                 title=t("pack.by_repo"))]}

    # ------------------------------------------------------------------------------------- data confidence
    def confidence(self) -> dict | None:
        conf = self.metrics.get("confidence") or {}
        if not conf:
            return None
        scopes = [(t("pack.all_teams"), conf.get("overall") or {})]
        scopes += list((conf.get("teams") or {}).items())
        rows = []
        for ratio in CONFIDENCE_RATIOS:
            cells: list[str | Cell] = [self.name(ratio)]
            for _, block in scopes:
                c = block.get(ratio)
                if not c:
                    cells.append("—")
                    continue
                text = f"{fmt_pct(c.get('ratio'))} ({c.get('numerator')}/{c.get('denominator')})"
                if c.get("status") == "not enough data":
                    text = t("pack.not_enough_data")
                cells.append(Cell(f"{text} {t('pack.low')}", low=True) if c.get("low") else text)
            rows.append(tuple(cells))
        return {"id": "confidence", "title": t("pack.confidence.title"), "intro": t("pack.confidence.intro"),
                "table": Table((t("pack.col.ratio"), *[label for label, _ in scopes]), tuple(rows), "compact")}

    # ------------------------------------------------------------------------------------- definitions
    def definitions(self) -> dict | None:
        defs = self.views.get("definitions") or []
        if not defs:
            return None
        return {"id": "definitions", "title": t("pack.definitions.title"),
                "intro": t("pack.definitions.intro", version=self.pack.snapshot.definitions_version),
                "definitions": [(d["name"].get(self.lang, d["id"]), d["definition"].get(self.lang, "")) for d in defs]}

    # ------------------------------------------------------------------------------------- about
    def about(self) -> dict:
        snap, meta = self.pack.snapshot, self.meta
        current = _current_definitions()
        version = snap.definitions_version + ("" if version_is_current(snap) else " " + t("pack.older", current=current))
        thresholds = meta.get("thresholds") or {}
        facts = [
            (t("pack.about.title_label"), snap.title), (t("pack.about.id"), Cell(snap.id, code=True)),
            ("SHA-256", Cell(snap.sha256, code=True)), (t("pack.about.as_of"), fmt_date(snap.as_of)),
            (t("pack.about.created"), snap.created_at.strftime("%Y-%m-%d %H:%M UTC")),
            (t("pack.about.window"), f"{day_text(meta.get('window_start'))} – {day_text(meta.get('window_end'))}"),
            (t("pack.about.definitions"), version), (t("pack.about.data_version"), str(snap.data_version)),
            (t("pack.about.views_version"), str(meta.get("views_version", "—"))),
            (t("pack.about.forecast"), t("pack.about.forecast_text", trials=meta.get("trials", "—"),
                                          seed=meta.get("seed", "—"))),
            (t("pack.about.thresholds"), t("pack.about.thresholds_text", green=fmt_pct(thresholds.get("green")),
                                            amber=fmt_pct(thresholds.get("amber")))),
            (t("pack.about.costs"), ", ".join(f"{x['name']} {self.money(x.get('weekly_cost'))}"
                                               for x in meta.get("teams") or [])),
        ]
        return {"id": "about", "title": t("pack.about.heading"), "intro": "", "follows": True,
                "table": Table((t("pack.col.fact"), t("pack.col.value")), tuple(facts), "about"),
                "note": t("pack.about.verify", id=snap.id)}


def timeline_row(key: str, entry: Mapping) -> dict:
    """A roadmap entry as a row of presentation.charts_roadmap.timeline (the roadmap page's figure)."""
    forecast = entry.get("forecast") or {}
    return {"key": key, "name": entry.get("name") or key, "label": item_status(entry).label,
            "baseline": to_date(entry.get("baseline_date")), "target": to_date(entry.get("target_date")),
            "p50": to_date(forecast.get("p50")), "p85": to_date(forecast.get("p85")), "done": to_date(done_date(entry))}


STATUS_ORDER = {"red": 0, "amber": 1, "no target": 2, "green": 3}


def ordered_items(roadmap: Mapping[str, Mapping]) -> list[tuple[str, Mapping]]:
    """Roadmap entries in the order a board reads them (a snapshot's JSON keeps no order): key items first, then
    late, at risk, without target, on track; finished items last; the biggest drift first; then by name."""
    def rank(pair: tuple[str, Mapping]) -> tuple:
        key, x = pair
        return (not x.get("key_item"), bool(done_date(x)), STATUS_ORDER.get(x.get("status"), 2), -(x.get("drift_days") or 0),
                (x.get("name") or key).lower(), key)

    return sorted(roadmap.items(), key=rank)


def _current_definitions() -> str:
    from metrics.registry import definitions_version

    return definitions_version()


def version_is_current(snapshot: Snapshot) -> bool:
    return snapshot.definitions_version == _current_definitions()


CSS = """
:root { --ink:#1b2430; --muted:#5b6573; --line:#d9dee5; --green:#009E73; --amber:#E69F00; --red:#D55E00;
  --grey:#7F7F7F; --primary:#1f4e79; }
* { box-sizing: border-box; }
body { font-family: "Liberation Sans", Arial, Helvetica, sans-serif; color: var(--ink); margin: 0; font-size: 13px;
  line-height: 1.4; background: #fff; }
body.screen { max-width: 1180px; margin: 0 auto; padding: 24px 28px 60px; }
body.screen section { border-top: 1px solid var(--line); padding-top: 10px; margin-top: 26px; }
body.screen section.first { border-top: 0; margin-top: 0; }
h1 { font-size: 26px; margin: 2px 0 4px; color: var(--primary); }
h2 { font-size: 19px; margin: 0 0 6px; color: var(--primary); }
h3 { font-size: 14px; margin: 4px 0; }
h3.sub { margin: 12px 0 4px; }
p { margin: 4px 0 8px; }
.kicker { text-transform: uppercase; letter-spacing: .06em; color: var(--muted); font-size: 11px; margin: 0; }
.dates, .intro, .note { color: var(--muted); }
.note { font-size: 11px; }
.demo { background: #eef4fb; border-left: 4px solid var(--primary); padding: 4px 8px; font-size: 12px; }
.since { font-size: 13px; background: #fff6e5; border-left: 4px solid var(--amber); padding: 6px 10px; margin: 6px 0; }
.since ul { margin: 3px 0 0 18px; padding: 0; } .since li { margin: 1px 0; } .since li.more { color: var(--muted); }
.decided { background: #f4f6f8; padding: 6px 10px; margin: 6px 0; }
.decided ul { margin: 2px 0 0 18px; padding: 0; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(180px, 1fr)); gap: 10px; margin: 10px 0; }
.goal { color: var(--muted); font-size: 10.5px; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 6px 9px; break-inside: avoid; }
.pl-risk { break-inside: avoid; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 10px; font-size: 12px; }
th { text-align: left; background: #eef1f5; font-weight: bold; padding: 4px 6px; border-bottom: 1px solid var(--line); }
td { padding: 3px 6px; border-bottom: 1px solid var(--line); vertical-align: top; }
table.compact td, table.compact th { padding: 2px 5px; font-size: 11.5px; }
table.dense td { font-size: 10.5px; white-space: nowrap; } table.dense td:first-child { white-space: normal; }
table.dense th { font-size: 10.5px; }
table.about td:first-child { width: 230px; color: var(--muted); }
table.repos th:last-child { width: 8%; } /* a count under a long heading: the DORA columns need the room */
tr { break-inside: avoid; }
.key { color: var(--muted); font-size: 10.5px; white-space: nowrap; }
.band { display: inline-block; border: 1px solid var(--line); border-radius: 3px; padding: 0 4px; font-size: 10.5px; }
.band.b-elite, .band.b-high { border-color: var(--green); } .band.b-medium { border-color: var(--amber); }
.band.b-low { border-color: var(--red); }
.trend { color: var(--muted); font-size: 10.5px; }
.low { color: #8a8f98; }
dl.defs { columns: 3; column-gap: 22px; margin: 0; font-size: 10px; line-height: 1.22; }
.def { break-inside: avoid; margin-bottom: 4px; } .def dt { font-weight: bold; } .def dd { margin: 0; }
code { font-size: 11px; word-break: break-all; }
.chart { margin: 4px 0; break-inside: avoid; }
@page { size: A4 landscape; margin: 10mm 12mm 12mm 12mm;
  @bottom-right { content: counter(page) " / " counter(pages); font: 9px "Liberation Sans", Arial, sans-serif;
    color: #5b6573; } }
@page { @bottom-left { font: 9px "Liberation Sans", Arial, sans-serif; color: #5b6573; } }
@media print {
  body { font-size: 12px; }
  section { break-before: page; }
  section.first, section.follows { break-before: auto; }
  section.follows { margin-top: 16px; }
  h2 { break-after: avoid; }
}
"""
