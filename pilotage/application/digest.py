"""The Monday digest: the executive summary a COMEX member reads in their mailbox, built from the views document.

`build_digest(ws, store, base_url=…)` computes the views at the data's date and a week earlier (same data, same
seed: only the passing of time and what the sync brought differ) and gathers, per language:
- `at_stake`: the money at stake on the key items not yet delivered: their extra cost plus their cost of delay
  (the figures each executive card shows), summed;
- `portfolio`: the portfolio line ("3 of 5 key items on track…");
- `decisions`: the key items that need a decision (the executive page's "risk" group), each with its one-sentence
  statement;
- `changes`: what moved since the week before, one sentence per item, most important first
  (pilotage.application.compare, the same comparison as "since last board");
- `dashboard_url`: the dashboard on this workspace and language (readers log in where login is required);
  `board_url`: a read-only link to the latest board snapshot, signed and expiring (snapshots.signed_url) when
  `PILOTAGE_LINK_SECRET` is set — the one link that opens without an account;
- `freshness`: when each source was last read.
Nothing names a person: items and teams only, as on the pages. Rendering (HTML and text, Jinja2 templates) is in
presentation/digest.py; sending in pilotage/application/mail.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from urllib.parse import urlencode

from pilotage.application import snapshots
from pilotage.application.compare import compare
from pilotage.application.freshness import Freshness, freshness
from pilotage.application.service import default_as_of
from pilotage.application.views import build_views
from pilotage.core.store import Store
from pilotage.core.workspace import Workspace

LANGS = ("en", "fr")
LINK_DAYS = 7  # the board link works until the next digest, and a day more


@dataclass(frozen=True)
class DigestItem:
    key: str
    name: str
    label: str  # the traffic light's words (views.executive.label)
    statement: dict[str, str]  # {en, fr}


@dataclass(frozen=True)
class Digest:
    workspace: str
    slug: str
    as_of: date
    week_before: date
    currency: str
    at_stake: float
    portfolio: dict[str, str]
    decisions: tuple[DigestItem, ...]
    changes: tuple[dict[str, str], ...]
    dashboard_url: dict[str, str]  # {en, fr}
    board_url: dict[str, str] | None  # {en, fr}
    board_title: str | None
    board_expires: date | None
    freshness: Freshness
    demo: bool


def _at_stake(views: dict) -> float:
    roadmap = views["metrics"]["roadmap"]
    open_key_items = [r["key"] for r in views["executive"]["items"] if r["key_item"] and r["group"] != "delivered"]
    return float(sum((roadmap[k].get("extra_cost") or 0) + (roadmap[k].get("cost_of_delay") or 0)
                     for k in open_key_items))


def picker_slug(ws: Workspace) -> str:
    """The dashboard's name for the workspace in links (ui.state.workspace_choices: the file's stem)."""
    return ws.path.stem.lower() if ws.path else "demo"


def build_digest(ws: Workspace, store: Store, *, base_url: str, as_of: date | None = None,
                 link_days: float = LINK_DAYS) -> Digest:
    """The digest's content (see the module doc); `as_of` defaults to the date of the last sync."""
    as_of = as_of or default_as_of(ws, store)
    week_before = as_of - timedelta(days=7)
    ds = store.load()
    now_views = build_views(ds, ws, as_of=as_of)
    then_views = build_views(ds, ws, as_of=week_before)
    changed = compare(then_views, now_views)
    by_key = {r["key"]: r for r in changed["items"]}
    roadmap = now_views["metrics"]["roadmap"]
    decisions = tuple(
        DigestItem(r["key"], r["name"], r["label"], {lang: roadmap[r["key"]]["statement"][lang] for lang in LANGS})
        for r in now_views["executive"]["items"] if r["key_item"] and r["group"] == "risk"
    )
    board = snapshots.latest(store)
    secret = snapshots.link_secret()
    expires = snapshots.expiry_in_days(link_days) if secret else None
    slug = picker_slug(ws)
    board_url = {lang: snapshots.signed_url(base_url, board.id, secret, workspace=ws.slug, expires_at=expires,
                                            extra={"ws": slug, "lang": lang}) for lang in LANGS} if board else None
    return Digest(
        workspace=ws.name, slug=slug, as_of=as_of, week_before=week_before, currency=ws.currency,
        at_stake=_at_stake(now_views), portfolio=dict(now_views["executive"]["portfolio"]["*"]),
        decisions=decisions,
        changes=tuple(by_key[key]["sentence"] for key in changed["ranked"] if by_key[key]["sentence"]),
        dashboard_url={lang: base_url.rstrip("/") + "/?" + urlencode({"ws": slug, "lang": lang}) for lang in LANGS},
        board_url=board_url, board_title=board.title if board else None,
        board_expires=date.fromtimestamp(expires) if expires else None,
        freshness=freshness(ws, store), demo=ws.demo,
    )


DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def parse_digest_at(text: str) -> tuple[int, int]:
    """(weekday, hour) of "mon@7" (UTC); ValueError naming the expected form."""
    day, _, hour = text.strip().lower().partition("@")
    if day not in DAYS or not hour.isdigit() or not 0 <= int(hour) < 24:
        raise ValueError(f"expected DAY@HOUR such as mon@7, got {text!r}")
    return DAYS.index(day), int(hour)


def digest_due(now: datetime, weekday: int, hour: int) -> date | None:
    """The digest day (UTC) whose digest is due at `now`: the last `weekday` at `hour`, if that was at most a day
    ago (a worker started mid-week, or down for the whole day, waits for the next one); else None."""
    due = datetime(now.year, now.month, now.day, hour, tzinfo=now.tzinfo) - timedelta(days=(now.weekday() - weekday) % 7)
    if due > now:
        due -= timedelta(days=7)
    return due.date() if now - due <= timedelta(days=1) else None
