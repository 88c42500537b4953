"""Jinja2 rendering of the presentation models, the board pack and the digest e-mails: one environment over
presentation/templates/, with autoescape on for every HTML template (`*.html.j2`): a text from Jira, GitHub or the
workspace file can never become markup. The only markup passed in is Plotly's own chart HTML, marked safe where
it is made (board_pack.figure). Plain-text templates (`*.txt.j2`, the digest's text part) are not escaped.
"""

from __future__ import annotations

from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from presentation.models import Cell, ItemCard, Status


def css_string(text: str) -> str:
    """Text inside a CSS string (the pack's page footer): every character that is not plain is a CSS escape, so
    nothing can close the string or the <style> element."""
    return "".join(c if c.isalnum() or c in " .,-_·()" else f"\\{ord(c):06x}" for c in text)


@cache
def environment() -> Environment:
    env = Environment(loader=PackageLoader("presentation", "templates"), autoescape=select_autoescape(["html.j2"]),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["css_string"] = css_string
    env.tests["cell"] = lambda value: isinstance(value, Cell)
    return env


def render(template: str, **context) -> str:
    return environment().get_template(template).render(**context)


def _component(name: str, *args) -> str:
    return str(getattr(environment().get_template("components.html.j2").module, name)(*args))


def badge_html(status: Status) -> str:
    """The traffic light as an HTML badge: colour, shape and words."""
    return _component("badge", status)


def statement_html(status: Status, text: str, name: str = "", with_badge: bool = True) -> str:
    """A statement behind its traffic light, the item's name in bold when the sentence starts with it."""
    return _component("statement", status, text, name, with_badge)


def card_html(card: ItemCard) -> str:
    return _component("card", card)


def stylesheet() -> Markup:
    """The components' CSS (cards, badges, statements, chips), for the pages (inside <style>) and the pack."""
    return Markup(environment().loader.get_source(environment(), "components.css")[0])
