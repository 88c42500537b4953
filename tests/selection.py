"""Which optional groups of tests the command line selected with `-m`."""

from __future__ import annotations

from _pytest.mark.expression import Expression  # pytest's own parser of `-m` (no public equivalent)


def slow_selected(config) -> bool:
    """True when `-m` selects a test marked slow, as pytest decides it (`-m slow`, `-m "not browser"`); False with no `-m` and with
    `-m "not slow"`, which a substring test ("slow" in the expression) would take for a yes."""
    expression = config.getoption("markexpr") or ""
    return bool(expression) and Expression.compile(expression).evaluate(lambda name, **kwargs: name == "slow")
