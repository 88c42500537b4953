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
so snapshots made by earlier versions render the same way, plus the store's snapshot history and decisions. Every text is HTML-escaped (titles from Jira/GitHub are text,
never markup). The language is the snapshot's workspace language unless `lang` says otherwise.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from html import escape
from pathlib import Path

import plotly.io as pio

from metrics.translate import format_money, format_probability, portfolio_group, portfolio_line
from pilotage.application.calibration import calibration
from pilotage.application.compare import DORA, SENTENCE_ITEMS, compare
from pilotage.application.freshness import Freshness, freshness_when_frozen
from pilotage.application.snapshots import Snapshot, calibration_history, history, leaked_secrets, load, previous
from pilotage.core.errors import SnapshotError
from pilotage.core.store import Store
from presentation import charts_snapshots as charts
from presentation import i18n
from presentation.board_pack_trail import trail_section
from presentation.freshness import pack_line
from presentation.i18n import fmt_date, t

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
    frame = store.decisions(snapshot_id)
    return [{k: (None if v is None or v != v else str(v)) for k, v in r.items()} for r in frame.to_dict("records")]


def export(store: Store, snapshot_id: str, *, fmt: str, out: str | os.PathLike, lang: str | None = None,
           secrets: Sequence[str] = ()) -> Path:
    """Write the board pack of a snapshot as `fmt` ("html" or "pdf") to `out`; returns the path.

    `secrets`: the configured secret values (Workspace.secret_values()); an export containing one is refused.
    SnapshotError when the snapshot is missing or tampered with, a secret would leak, or chromium is missing.
    """
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pack_bytes(store, snapshot_id, fmt=fmt, lang=lang, secrets=secrets))
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


@contextmanager
def in_language(lang: str) -> Iterator[None]:
    """Render in `lang`, then give the dashboard its language back."""
    before = i18n.language()
    i18n.set_language(lang)
    try:
        yield
    finally:
        i18n.set_language(before)


def e(value) -> str:
    """Any text into HTML, escaped (quotes too: safe inside attributes)."""
    return escape("" if value is None else str(value), quote=True)


def _css_string(text: str) -> str:
    """Text inside a CSS string (the page footer): every character that is not plain is a CSS escape, so nothing
    can close the string or the <style> element."""
    return "".join(c if c.isalnum() or c in " .,-_·()" else f"\\{ord(c):06x}" for c in text)


def pack_language(pack: BoardPack, lang: str | None) -> str:
    wanted = lang or pack.views.get("meta", {}).get("language") or "en"
    return wanted if wanted in i18n.LANGUAGES else "en"


def render_html(pack: BoardPack, *, lang: str | None = None, for_print: bool = False) -> str:
    """The whole board pack as one HTML document (plotly.js inlined once; `for_print`: fixed-width static charts
    for chromium's PDF printing)."""
    language = pack_language(pack, lang)
    with in_language(language):
        page = _Page(pack, language, for_print)
        body = "".join(section for section in (
            page.summary(), page.statements(), page.since_last_board(), page.roadmap(), trail_section(page),
            page.delivery(),
            page.engineering(), page.definitions(), page.confidence(), page.about(),
        ) if section)
        snap = pack.snapshot
        footer = _css_string(f"Pilotage · {snap.title} · {t('pack.snapshot')} {snap.id} · {t('pack.as_of_short')} "
                             f"{fmt_date(snap.as_of)}")
        return (
            f'<!DOCTYPE html><html lang="{language}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{e(t('pack.title', title=snap.title))}</title>"
            f"<style>{CSS}@page {{ @bottom-left {{ content: \"{footer}\"; }} }}</style></head>"
            f"<body class=\"{'print' if for_print else 'screen'}\">{body}</body></html>\n"
        )


class _Page:
    """Builds the sections of one pack in the current language."""

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
        return "—" if amount is None else format_money(amount, self.currency, self.lang)

    def pct(self, ratio) -> str:
        if ratio is None:
            return "—"
        n = int(ratio * 100 + 0.5)
        return f"{n}%" if self.lang == "en" else f"{n}\u00a0%"

    def probability(self, p) -> str:
        """A chance of meeting a target: rounded down, as on the dashboard and in the sentences."""
        return "—" if p is None else format_probability(p, self.lang)

    def number(self, x, places: int = 1) -> str:
        if x is None:
            return "—"
        text = f"{x:,.{places}f}"
        return text.replace(",", "\u202f").replace(".", ",") if self.lang == "fr" else text

    def date(self, iso) -> str:
        return fmt_date(date.fromisoformat(iso[:10])) if iso else "—"

    def hours(self, h) -> str:
        if h is None:
            return "—"
        value = h if h < 48 else h / 24
        places = 0 if abs(value - round(value)) < 0.05 else 1  # "24 h", "2.5 days"
        return t("pack.hours" if h < 48 else "pack.days_n", n=self.number(value, places))

    def days(self, n) -> str:
        if n is None:
            return "—"
        return t("pack.days_late", n=n) if n > 0 else t("pack.days_early", n=-n) if n < 0 else t("pack.on_time")

    def name(self, metric_id: str) -> str:
        return self.names.get(metric_id, metric_id)

    def chip(self, status, *, done: bool = False) -> str:
        """The traffic light in words; a finished item is "Delivered" whatever its status."""
        status = "delivered" if done else status or "no target"
        return f'<span class="chip s-{e(status.replace(" ", "-"))}">{e(t(f"pack.status.{status}"))}</span>'

    def signed_money(self, amount) -> str:
        """A change of an amount: `+€40k`, `−€86k`, `€0`."""
        if amount is None:
            return "—"
        sign = "+" if amount > 0 else "−" if amount < 0 else ""
        return sign + self.money(abs(amount))

    def move(self, days) -> str:
        """A move of a date: `24 days later`, `18 days earlier`, `no change`."""
        if days is None:
            return "—"
        return t("pack.days_later", n=days) if days > 0 else t("pack.days_earlier", n=-days) if days < 0 \
            else t("pack.no_change")

    def figure(self, fig, *, height: int | None = None) -> str:
        """A Plotly figure as HTML: plotly.js inlined with the first figure only."""
        if fig is None:
            return ""
        self.charts += 1
        fig.update_layout(font={"family": FONT})
        if self.for_print:
            fig.update_layout(width=PRINT_WIDTH)
        if height:
            fig.update_layout(height=height)
        config = {"staticPlot": True} if self.for_print else {"displaylogo": False, "responsive": True}
        html = pio.to_html(fig, include_plotlyjs=self.charts == 1, full_html=False, config=config,
                           div_id=f"pack-chart-{self.charts}", default_width="100%")
        return f'<div class="chart">{html}</div>'

    def section(self, key: str, title: str, body: str, intro: str = "") -> str:
        lead = f'<p class="intro">{e(intro)}</p>' if intro else ""
        return f'<section id="{key}"><h2>{e(title)}</h2>{lead}{body}</section>'

    @staticmethod
    def table(headers: Sequence[str], rows: Sequence[Sequence[str]], cls: str = "") -> str:
        """Headers are plain text (escaped here); cells are HTML already escaped by the caller."""
        head = "".join(f"<th>{e(h)}</th>" for h in headers)
        body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
        return f'<table class="{cls}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'

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

    def card(self, key: str, x: Mapping) -> str:
        f = x.get("forecast") or {}
        reason = (f.get("reason") or {}).get(self.lang) if isinstance(f.get("reason"), Mapping) else None
        done = _done(x)
        if done:
            facts = [(t("pack.done_on"), self.date(done), True)]
        elif f.get("p85"):
            facts = [(t("pack.p85_date"), self.date(f["p85"]), True),
                     (t("pack.range"), f"{self.date(f.get('p50'))} – {self.date(f['p85'])}", False)]
        else:
            facts = [(t("pack.p85_date"), reason or t("pack.no_forecast"), True)]
        impact = self.money(x.get("extra_cost"))
        if x.get("cost_of_delay"):
            impact += " · " + t("pack.delayed_benefits", amount=self.money(x["cost_of_delay"]))
        facts += [(t("pack.target"), self.date(x.get("target_date")), False),
                  (self.name("on_time_probability"), self.probability(f.get("on_time_probability")), False),
                  (self.name("roadmap_drift"), self.days(x.get("drift_days")), False),
                  (self.name("extra_cost"), impact, False)]
        rows = "".join(f'<div class="fact"><span>{e(label)}</span><b>{e(value)}</b></div>' if strong else
                       f'<div class="fact"><span>{e(label)}</span>{e(value)}</div>' for label, value, strong in facts)
        return (
            f'<div class="card s-{e((x.get("status") or "no target").replace(" ", "-"))}">'
            f'<div class="card-head">{self.chip(x.get("status"), done=_done(x))}<span class="team">{e(x.get("team"))}</span></div>'
            f'<h3>{e(x.get("name") or key)}</h3>{rows}</div>'
        )

    def summary(self) -> str:
        snap, meta = self.pack.snapshot, self.meta
        key_items = {k: x for k, x in self.items.items() if x.get("key_item")}
        lines = [f'<p class="kicker">{e(t("pack.kicker", company=meta.get("workspace", "")))}</p>',
                 f"<h1>{e(snap.title)}</h1>",
                 f'<p class="dates">{e(t("pack.dates", as_of=fmt_date(snap.as_of), created=fmt_date(snap.created_at.date()), id=snap.id))}</p>']
        if meta.get("demo"):
            lines.append(f'<p class="demo">{e(t("pack.demo"))}</p>')
        elif self.pack.freshness and pack_line(self.pack.freshness):
            lines.append(f'<p class="dates">{e(pack_line(self.pack.freshness))}</p>')
        if self.pack.snapshot.definitions_version != _current_definitions():
            lines.append(f'<p class="note">{e(t("snap.older_definitions", version=snap.definitions_version))}</p>')
        lines.append(f'<p class="portfolio">{e(self.portfolio())}</p>')
        if self.pack.comparison:
            lines.append(self.since_summary(self.pack.comparison))
        if self.pack.previous_decisions:
            items = "".join(f"<li>{e(self.decision(d))}</li>" for d in self.pack.previous_decisions)
            lines.append(f'<div class="decided"><b>{e(t("pack.decided_last_time"))}</b><ul>{items}</ul></div>')
        if key_items:
            lines.append('<div class="cards">' + "".join(self.card(k, x) for k, x in key_items.items()) + "</div>")
        else:
            lines.append(f"<p>{e(t('pack.no_key_items'))}</p>")
        if self.pack.decisions:
            items = "".join(f"<li>{e(self.decision(d))}</li>" for d in self.pack.decisions)
            lines.append(f'<div class="decided"><b>{e(t("pack.decided_here"))}</b><ul>{items}</ul></div>')
        return f'<section id="summary" class="first">{"".join(lines)}</section>'

    def since_summary(self, c: Mapping) -> str:
        """"Since last board (date):" and one line per item that changed, the most important first (at most
        compare.SENTENCE_ITEMS; the rest counted, with a pointer to the page that lists them)."""
        by_key = {r["key"]: r for r in c["items"]}
        ranked = [by_key[k] for k in c.get("ranked", []) if k in by_key]
        head = t("pack.since.head", date=self.date(c["old"]["as_of"]))
        if not ranked:
            return f'<div class="since"><b>{e(head)}</b> {e(t("pack.since.nothing"))}</div>'
        lines = "".join(f"<li>{e(r['sentence'][self.lang])}</li>" for r in ranked[:SENTENCE_ITEMS])
        rest = len(ranked) - SENTENCE_ITEMS
        if rest > 0:
            lines += f'<li class="more">{e(t("pack.since.more", n=rest))}</li>'
        if c.get("delivery_sentence"):
            lines += f"<li>{e(c['delivery_sentence'][self.lang])}</li>"
        return f'<div class="since"><b>{e(head)}</b><ul>{lines}</ul></div>'

    def statements(self) -> str:
        """Every roadmap item's statement (key items first): the figures of the cards, in words."""
        said = [(k, x) for k, x in self.items.items() if (x.get("statement") or {}).get(self.lang)]
        if not said:
            return ""
        items = "".join(
            f'<li class="s-{e((x.get("status") or "no target").replace(" ", "-"))}">{self.chip(x.get("status"), done=_done(x))} '
            f'{e(x["statement"][self.lang])}</li>' for _, x in said)  # each statement opens with the item's name
        return self.section("statements", t("pack.what_it_means"), f'<ul class="statements">{items}</ul>',
                            t("pack.statements.intro"))

    def decision(self, d: Mapping) -> str:
        due = t("pack.decision_due", date=self.date(d["due"])) if d.get("due") else ""
        return t("pack.decision", what=d.get("what", ""), owner=d.get("owner", ""), due=due).strip()

    # ------------------------------------------------------------------------------------- since last board
    def since_last_board(self) -> str:
        c, before = self.pack.comparison, self.pack.previous
        cal = self.pack.calibration
        if c is None and not (cal and cal["judged"]):
            return ""
        parts = []
        if c is not None:
            parts.append(self.moves_table(c))
            parts.append(self.headline_table(c))
        if self.pack.previous_decisions:
            rows = [[e(d.get("what")), e(d.get("owner")), e(self.date(d.get("due")))] for d in self.pack.previous_decisions]
            parts.append(f'<h3 class="sub">{e(t("pack.decided_last_time"))}</h3>'
                         + self.table([t("pack.col.what"), t("pack.col.owner"), t("pack.col.due")], rows))
        if cal and cal["judged"]:
            parts.append(f'<h3 class="sub">{e(t("pack.calibration"))}</h3><p>{e(cal["sentence"][self.lang])}</p>')
            rows = [[e(self.date(r["snapshot_as_of"])), e(r["name"]), e(self.date(r["p85"])),
                     e(self.date(r["done_date"])), e(t(f"pack.outcome.{r['outcome']}"))]
                    for r in cal["forecasts"] if r["outcome"] != "pending"]
            parts.append(self.table([t("pack.col.board"), t("pack.col.item"), t("pack.p85_date"), t("pack.done_on"),
                                     t("pack.col.outcome")], rows, "compact"))
        if self.pack.refused:
            parts.append(f'<p class="note">{e(t("pack.refused", ids=", ".join(self.pack.refused)))}</p>')
        intro = t("pack.since.intro", title=before.title, as_of=fmt_date(before.as_of)) if before else ""
        return self.section("since", t("pack.since.title"), "".join(parts), intro)

    def moves_table(self, c: Mapping) -> str:
        rows = []
        rank = {k: i for i, k in enumerate(c.get("ranked", []))}
        for r in sorted(c["items"], key=lambda r: rank.get(r["key"], len(rank))):
            old, new = r.get("old") or {}, r.get("new") or {}
            shift = t(f"pack.change.{r['change']}") if r["change"] in ("added", "removed") else self.move(r["p85_days"])
            if r.get("finished"):
                shift = t("pack.delivered_on", date=self.date(new["done_date"]))
            status = self.chip(new.get("status") or old.get("status"), done=bool(new.get("done_date")))
            if r.get("status_changed"):
                status = f"{self.chip(old.get('status'), done=bool(old.get('done_date')))} → " \
                         f"{self.chip(new.get('status'), done=bool(new.get('done_date')))}"
            rows.append([e(r["name"]), e(self.date(old.get("p85"))), e(self.date(new.get("p85"))), e(shift), status,
                         e(self.signed_money(r.get("extra_cost_change"))),
                         e(self.money(new.get("extra_cost") if new else None))])
        return self.table([t("pack.col.item"), t("pack.col.p85_then"), t("pack.col.p85_now"), t("pack.col.move"),
                           t("pack.col.status"), t("pack.col.cost_change"), t("pack.col.cost_now")], rows)

    def headline_table(self, c: Mapping) -> str:
        shown = [h for h in c["headlines"] if h["scope"] == "*" and not h["metric"].startswith("allocation")]
        shown += [h for h in c["headlines"] if h["metric"] in DORA and h.get("old_band") != h.get("new_band")]
        if not shown:
            return ""
        rows = []
        for h in shown:
            scope = t("pack.all_teams") if h["scope"] == "*" else h["scope"]
            fmt = self.pct if h["unit"] in ("ratio", "share") else self.hours if h["unit"] == "hours" else self.number
            old, new = fmt(h["old"]), fmt(h["new"])
            if h["metric"] in DORA:
                old += f" ({t('pack.band.' + h['old_band']) if h.get('old_band') else '—'})"
                new += f" ({t('pack.band.' + h['new_band']) if h.get('new_band') else '—'})"
            label = t("pack.items_per_week") if h["metric"] == "throughput" else self.name(h["metric"])
            rows.append([e(scope), e(label), e(old), e(new)])
        return f'<h3 class="sub">{e(t("pack.headlines"))}</h3>' + self.table(
            [t("pack.col.scope"), t("pack.col.figure"), t("pack.col.then"), t("pack.col.now")], rows, "compact")

    # ------------------------------------------------------------------------------------- roadmap
    def roadmap(self) -> str:
        if not self.items:
            return self.section("roadmap", t("pack.roadmap.title"), f"<p>{e(t('pack.roadmap.empty'))}</p>")
        as_of = date.fromisoformat(self.meta.get("as_of") or self.metrics["as_of"])
        fig = self.figure(charts.roadmap_timeline(list(self.items.items()), as_of))
        rows = []
        for key, x in self.items.items():
            f = x.get("forecast") or {}
            rng = f"{self.date(f.get('p50'))} – {self.date(f.get('p85'))}" if f.get("p85") else \
                ((f.get("reason") or {}).get(self.lang) if isinstance(f.get("reason"), Mapping) else t("pack.no_forecast"))
            if _done(x):
                rng = t("pack.delivered_on", date=self.date(_done(x)))
            rows.append([e(x.get("name") or key) + f' <span class="key">{e(key)}</span>', e(x.get("team")),
                         self.chip(x.get("status"), done=_done(x)), e(self.date(x.get("baseline_date"))),
                         e(self.date(x.get("target_date"))), e(rng), e(self.probability(f.get("on_time_probability"))),
                         e(self.days(x.get("drift_days"))), e(x.get("slips", 0)), e(x.get("remaining")),
                         e(self.money(x.get("extra_cost"))), e(self.money(x.get("cost_of_delay")))])
        table = self.table([t("pack.col.item"), t("pack.col.team"), t("pack.col.status"), t("pack.baseline"),
                            t("pack.target"), t("pack.range"), self.name("on_time_probability"),
                            self.name("roadmap_drift"), self.name("roadmap_slips"), t("pack.col.remaining"),
                            self.name("extra_cost"), self.name("cost_of_delay")], rows, "compact dense")
        ledger = self.ledger()
        return self.section("roadmap", t("pack.roadmap.title"), fig + table, t("pack.roadmap.intro")) + ledger

    def ledger(self) -> str:
        rows = []
        for key, x in self.items.items():
            for h in x.get("target_history") or []:
                kind, days = h.get("kind"), h.get("change_days")
                if kind in ("later", "earlier") and days:
                    move = self.move(days)
                else:
                    move = t(f"pack.kind.{kind}") if kind in ("set", "later", "earlier", "cleared") else kind or ""
                source = h.get("source")
                source = t(f"pack.source.{source}") if source in ("due date", "fix version", "workspace") else source
                rows.append([e(x.get("name") or key), e(self.date(h.get("at"))), e(self.date(h.get("date"))), e(move),
                             e(source)])
        if not rows:
            return ""
        return self.section("ledger", t("pack.ledger.title"), self.table(
            [t("pack.col.item"), t("pack.col.changed_on"), t("pack.col.new_target"), t("pack.col.move"),
             t("pack.col.source")], rows, "compact"), t("pack.ledger.intro"))

    # ------------------------------------------------------------------------------------- delivery
    def delivery(self) -> str:
        teams = self.metrics.get("teams") or {}
        if not teams:
            return ""
        rows = []
        for team, b in teams.items():
            weekly = [w.get("items", 0) for w in b.get("throughput") or []]
            accuracy = [s["planning_accuracy"] for s in b.get("sprints") or [] if s.get("planning_accuracy") is not None]
            ct = b.get("cycle_time_days") or {}
            over = sum(1 for a in b.get("ageing_wip") or [] if a.get("over_p85"))
            rows.append([e(team), e(self.number(sum(weekly) / len(weekly) if weekly else None)),
                         e(t("pack.p50_p85", p50=self.number(ct.get("p50")), p85=self.number(ct.get("p85")))),
                         e(self.pct(sum(accuracy) / len(accuracy) if accuracy else None)),
                         e(self.pct(b.get("velocity_stability"))), e(b.get("wip")), e(over)])
        table = self.table([t("pack.col.team"), t("pack.items_per_week"), t("pack.cycle_time_days"),
                            t("pack.planning_accuracy_avg"), t("pack.velocity_variation"), self.name("wip"),
                            t("pack.col.ageing")], rows, "compact")
        weeks = self.meta.get("weeks") or ""
        intro = t("pack.delivery.intro", weeks=weeks, start=self.date(self.meta.get("window_start")),
                  end=self.date(self.meta.get("window_end")))
        first = self.section("delivery", t("pack.delivery.title"),
                             table + self.figure(charts.throughput_by_team(teams), height=270), intro)
        second = self.figure(charts.planning_accuracy(teams), height=250) + \
            f'<h3 class="sub">{e(self.name("allocation"))}</h3>' + self.figure(charts.allocation(teams))
        return first + self.section("delivery2", t("pack.delivery2.title"), second, t("pack.delivery2.intro"))

    # ------------------------------------------------------------------------------------- engineering
    def dora_cells(self, d: Mapping) -> list[str]:
        bands = d.get("bands") or {}
        values = {
            "deployment_frequency": t("pack.per_week", n=self.number(d.get("deployments_per_week"))),
            "lead_time": self.hours((d.get("lead_time_hours") or {}).get("p50")),
            "change_failure_rate": self.pct(d.get("change_failure_rate")),
            "time_to_restore": self.hours((d.get("time_to_restore_hours") or {}).get("p50")),
        }
        cells = []
        for key, value in values.items():
            b = bands.get(key) or {}
            band = f'<span class="band b-{e(b["band"])}">{e(t("pack.band." + b["band"]))}</span>' if b.get("band") else ""
            trend = f'<span class="trend">{e(t("pack.trend." + b["trend"]))}</span>' if b.get("trend") else ""
            goal = self.next_band(b)
            cells.append(f"{e(value)} {band} {trend}" + (f'<br><span class="goal">{e(goal)}</span>' if goal else ""))
        return cells

    def next_band(self, b: Mapping) -> str:
        """What reaching the next band takes, in words ("elite: under 24 h")."""
        target, measure, nxt = b.get("target"), b.get("measure"), b.get("next_band")
        if target is None or not measure or not nxt:
            return ""
        if measure == "deploy_days_per_week_median":
            goal = t("pack.goal.deploy_day" if target == 1 else "pack.goal.deploy_days", n=self.number(target, 0))
        elif measure == "deployments_per_week":
            goal = t("pack.goal.deployments", n=self.number(target))
        elif measure == "change_failure_rate":
            goal = t("pack.goal.at_most", value=self.pct(target))
        else:
            goal = t("pack.goal.under", value=self.hours(target))
        return t("pack.goal", band=t("pack.band." + nxt), goal=goal)

    def engineering(self) -> str:
        teams, repos = self.metrics.get("teams") or {}, self.metrics.get("repos") or {}
        if not teams and not repos:
            return ""
        headers = [self.name("deployment_frequency"), self.name("lead_time_for_changes"),
                   self.name("change_failure_rate"), self.name("time_to_restore")]
        team_rows = [[e(team)] + self.dora_cells(b.get("dora") or {}) for team, b in teams.items()]
        repo_rows = [[e(repo)] + self.dora_cells(d) + [e(d.get("undeployed_prs", 0))] for repo, d in repos.items()]
        body = self.table([t("pack.col.team"), *headers], team_rows, "compact")
        body += f'<h3 class="sub">{e(t("pack.by_repo"))}</h3>' + self.table(
            [t("pack.col.repo"), *headers, self.name("undeployed_prs")], repo_rows, "compact")
        return self.section("engineering", t("pack.engineering.title"), body, t("pack.engineering.intro"))

    # ------------------------------------------------------------------------------------- data confidence
    def confidence(self) -> str:
        conf = self.metrics.get("confidence") or {}
        if not conf:
            return ""
        scopes = [("overall", t("pack.all_teams"), conf.get("overall") or {})]
        scopes += [("team", team, block) for team, block in (conf.get("teams") or {}).items()]
        rows = []
        for ratio in CONFIDENCE_RATIOS:
            cells = [e(self.name(ratio))]
            for _, _, block in scopes:
                c = block.get(ratio)
                if not c:
                    cells.append("—")
                    continue
                text = f"{self.pct(c.get('ratio'))} ({c.get('numerator')}/{c.get('denominator')})"
                if c.get("status") == "not enough data":
                    text = t("pack.not_enough_data")
                cls = ' class="low"' if c.get("low") else ""
                warn = f" {e(t('pack.low'))}" if c.get("low") else ""
                cells.append(f"<span{cls}>{e(text)}{warn}</span>")
            rows.append(cells)
        body = self.table([t("pack.col.ratio"), *[label for _, label, _ in scopes]], rows, "compact")
        return self.section("confidence", t("pack.confidence.title"), body, t("pack.confidence.intro"))

    def section_here(self, key: str, title: str, body: str) -> str:
        """A section that follows the previous one on the same printed page."""
        return f'<section id="{key}" class="follows"><h2>{e(title)}</h2>{body}</section>'

    # ------------------------------------------------------------------------------------- definitions
    def definitions(self) -> str:
        defs = self.views.get("definitions") or []
        if not defs:
            return ""
        items = "".join(f"<div class=\"def\"><dt>{e(d['name'].get(self.lang, d['id']))}</dt>"
                        f"<dd>{e(d['definition'].get(self.lang, ''))}</dd></div>" for d in defs)
        return self.section("definitions", t("pack.definitions.title"), f'<dl class="defs">{items}</dl>',
                            t("pack.definitions.intro", version=self.pack.snapshot.definitions_version))

    # ------------------------------------------------------------------------------------- about
    def about(self) -> str:
        snap, meta = self.pack.snapshot, self.meta
        current = _current_definitions()
        version = snap.definitions_version + ("" if version_is_current(snap) else " " + t("pack.older", current=current))
        facts = [
            (t("pack.about.title_label"), snap.title), (t("pack.about.id"), snap.id), ("SHA-256", snap.sha256),
            (t("pack.about.as_of"), fmt_date(snap.as_of)),
            (t("pack.about.created"), snap.created_at.strftime("%Y-%m-%d %H:%M UTC")),
            (t("pack.about.window"), f"{self.date(meta.get('window_start'))} – {self.date(meta.get('window_end'))}"),
            (t("pack.about.definitions"), version), (t("pack.about.data_version"), str(snap.data_version)),
            (t("pack.about.views_version"), str(meta.get("views_version", "—"))),
            (t("pack.about.forecast"), t("pack.about.forecast_text", trials=meta.get("trials", "—"),
                                          seed=meta.get("seed", "—"))),
            (t("pack.about.thresholds"), t("pack.about.thresholds_text",
                                            green=self.pct((meta.get("thresholds") or {}).get("green")),
                                            amber=self.pct((meta.get("thresholds") or {}).get("amber")))),
            (t("pack.about.costs"), ", ".join(f"{x['name']} {self.money(x.get('weekly_cost'))}"
                                               for x in meta.get("teams") or [])),
        ]
        rows = [[e(k), f"<code>{e(v)}</code>" if k in ("SHA-256", t("pack.about.id")) else e(v)] for k, v in facts]
        body = self.table([t("pack.col.fact"), t("pack.col.value")], rows, "about") + \
            f'<p class="note">{e(t("pack.about.verify", id=snap.id))}</p>'
        return self.section_here("about", t("pack.about.heading"), body)


STATUS_ORDER = {"red": 0, "amber": 1, "no target": 2, "green": 3}


def ordered_items(roadmap: Mapping[str, Mapping]) -> list[tuple[str, Mapping]]:
    """Roadmap entries in the order a board reads them (a snapshot's JSON keeps no order): key items first, then
    late, at risk, without target, on track; finished items last; the biggest drift first; then by name."""
    def rank(pair: tuple[str, Mapping]) -> tuple:
        key, x = pair
        return (not x.get("key_item"), bool(_done(x)), STATUS_ORDER.get(x.get("status"), 2), -(x.get("drift_days") or 0),
                (x.get("name") or key).lower(), key)

    return sorted(roadmap.items(), key=rank)


def _done(entry: Mapping) -> str | None:
    """The day a roadmap entry finished (every piece of its work done), else None."""
    return ((entry.get("forecast") or {}).get("inputs") or {}).get("done_date")


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
.portfolio { font-size: 17px; font-weight: bold; margin: 10px 0 6px; }
.since { font-size: 13px; background: #fff6e5; border-left: 4px solid var(--amber); padding: 6px 10px; margin: 6px 0; }
.since ul { margin: 3px 0 0 18px; padding: 0; } .since li { margin: 1px 0; } .since li.more { color: var(--muted); }
.decided { background: #f4f6f8; padding: 6px 10px; margin: 6px 0; }
.decided ul { margin: 2px 0 0 18px; padding: 0; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(180px, 1fr)); gap: 10px; margin: 10px 0; }
.card { border: 1px solid var(--line); border-top: 6px solid var(--grey); border-radius: 6px; padding: 6px 9px;
  break-inside: avoid; }
.card.s-green { border-top-color: var(--green); } .card.s-amber { border-top-color: var(--amber); }
.card.s-red { border-top-color: var(--red); }
.card h3 { font-size: 14px; margin: 4px 0; }
.fact { font-size: 11.5px; margin: 0 0 3px; }
.fact span { display: block; color: var(--muted); font-size: 10.5px; }
.goal { color: var(--muted); font-size: 10.5px; }
.card-head { display: flex; justify-content: space-between; align-items: center; }
.team { color: var(--muted); font-size: 11px; }
.chip { display: inline-block; border-radius: 10px; padding: 0 8px; font-size: 11px; font-weight: bold; color: #fff;
  background: var(--grey); white-space: nowrap; }
.chip.s-green { background: var(--green); } .chip.s-amber { background: var(--amber); color: #1b2430; }
.chip.s-red { background: var(--red); } .chip.s-delivered { background: #fff; color: var(--green);
  border: 1px solid var(--green); }
ul.statements { margin: 4px 0; padding-left: 0; list-style: none; }
ul.statements li { margin: 0 0 5px; padding-left: 14px; border-left: 4px solid var(--grey); }
ul.statements li.s-green { border-left-color: var(--green); } ul.statements li.s-amber { border-left-color: var(--amber); }
ul.statements li.s-red { border-left-color: var(--red); }
table { border-collapse: collapse; width: 100%; margin: 6px 0 10px; font-size: 12px; }
th { text-align: left; background: #eef1f5; font-weight: bold; padding: 4px 6px; border-bottom: 1px solid var(--line); }
td { padding: 3px 6px; border-bottom: 1px solid var(--line); vertical-align: top; }
table.compact td, table.compact th { padding: 2px 5px; font-size: 11.5px; }
table.dense td { font-size: 10.5px; white-space: nowrap; } table.dense td:first-child { white-space: normal; }
table.dense th { font-size: 10.5px; }
table.about td:first-child { width: 230px; color: var(--muted); }
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
