"""The Monday digest as an e-mail: subject, HTML and plain-text parts in one language, from
pilotage.application.digest's content. Jinja2 templates (presentation/templates/digest.*.j2) with autoescape on
the HTML part, so every value from Jira or the workspace file is escaped like the board pack."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from metrics.translate import format_money
from pilotage.application.digest import Digest
from presentation import i18n
from presentation.charts_roadmap import LABEL_COLOURS
from presentation.freshness import freshness_line, freshness_warnings

TEMPLATES = Path(__file__).resolve().parent / "templates"
_env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html.j2"]),
                   undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


@dataclass(frozen=True)
class Mail:
    lang: str
    subject: str
    html: str
    text: str


def render_digest(d: Digest, lang: str) -> Mail:
    previous = i18n.language()
    i18n.set_language(lang)
    try:
        def money(amount: float) -> str:
            return format_money(amount, d.currency, lang)

        board_label = None
        if d.board_url:
            board_label = (i18n.t("digest.open_board", title=d.board_title, expires=i18n.fmt_date(d.board_expires))
                           if d.board_expires else i18n.t("digest.open_board_open", title=d.board_title))
        values = {
            "d": d, "lang": lang, "t": i18n.t, "fmt_date": i18n.fmt_date, "money": money, "colours": LABEL_COLOURS,
            "freshness": freshness_line(d.freshness), "warnings": freshness_warnings(d.freshness),
            "board_label": board_label,
        }
        subject = i18n.t("digest.subject", workspace=d.workspace, date=i18n.fmt_date(d.as_of),
                         decisions=len(d.decisions), at_stake=money(d.at_stake))
        values["subject"] = subject
        return Mail(lang, subject, _env.get_template("digest.html.j2").render(values),
                    _env.get_template("digest.txt.j2").render(values))
    finally:
        i18n.set_language(previous)
