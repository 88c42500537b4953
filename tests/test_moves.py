"""Why a forecast moved (metrics/moves.py): hand-worked replays where every step's landing day is known (constant
block values make every trial land on the same day), the parts adding up to the total, and the words."""

from __future__ import annotations

from datetime import date

import pytest

from metrics.moves import apportion, cause_phrase, explain, on_time_text, target_phrase

OLD, NEW = date(2026, 11, 15), date(2026, 11, 22)
NB = "\u00a0"


def entry(remaining: int, per_block: float, *, p85: str, target="2026-12-18", baseline="2026-12-01", deps=(),
          extra=None, ids=None, history=(), weekly_cost=7_000.0, name="Checkout", chance=None):
    return {
        "name": name, "baseline_date": baseline, "target_date": target, "extra_cost": extra, "cost_of_delay": 0.0,
        "target_history": list(history),
        "forecast": {"p85": p85, "on_time_probability": chance, "seed": 3, "trials": 200, "reason": None, "inputs": {
            "remaining": remaining, "block_samples": [per_block] * 12, "done_date": None,
            "dependencies": [{"key": k, "lag_weeks": lag} for k, lag in deps],
            "weekly_cost": weekly_cost, "cost_of_delay_per_week": 0.0}},
        "statement": {"evidence": {"remaining": ids if ids is not None else [f"PAY-{i}" for i in range(remaining)]}},
    }


def by_cause(change):
    return {c["cause"]: c for c in change["causes"]}


def test_scope_and_pace_replayed_one_at_a_time_add_up_and_the_target_move_is_named():
    # old: 6 left at 2 a block → day 21 after 15 Nov = 6 Dec. New: 8 left (2 added) at 4 a block → day 14 after
    # 22 Nov = 6 Dec. Replay: time (old inputs at 22 Nov) 13 Dec, +7; scope (8 left at 2) day 28 = 20 Dec, +7;
    # pace (8 at 4) 6 Dec, −14; total 0. Extra cost at 7k a week over the 1 Dec baseline: 5 days = 5k → 12k →
    # 19k → 5k.
    old = {"PAY-1": entry(6, 2.0, p85="2026-12-06", extra=5_000.0)}
    history = [{"at": "2026-10-01T09:00:00Z", "date": "2026-12-18"}, {"at": "2026-11-18T10:30:00Z", "date": "2027-01-15"}]
    new = {"PAY-1": entry(8, 4.0, p85="2026-12-06", extra=5_000.0, target="2027-01-15", history=history,
                          ids=[f"PAY-{i}" for i in range(8)])}
    change = explain(old, OLD, new, NEW, "PAY-1")
    causes = by_cause(change)
    assert change["since"] == "2026-11-15" and change["p85_days"] == 0 and change["extra_cost"] == 0
    assert [c["cause"] for c in change["causes"]] == ["time", "scope", "pace", "target"]
    assert (causes["time"]["days"], causes["scope"]["days"], causes["pace"]["days"]) == (7, 7, -14)
    assert (causes["time"]["extra_cost"], causes["scope"]["extra_cost"], causes["pace"]["extra_cost"]) == (
        7_000.0, 7_000.0, -14_000.0)
    assert causes["scope"]["detail"] == {"remaining_from": 6, "remaining_to": 8, "entered": 2, "left": 0,
                                         "finished": False}
    assert causes["target"]["days"] == 0
    assert causes["target"]["detail"] == {"from": "2026-12-18", "to": "2027-01-15", "at": "2026-11-18"}
    assert sum(c["days"] for c in change["causes"]) == change["p85_days"]
    assert cause_phrase(causes["scope"], "en") == f"2 items added (+7{NB}d)"
    assert cause_phrase(causes["pace"], "fr") == f"rythme −14{NB}j"
    assert target_phrase(causes["target"]["detail"], "en", ref=NEW) == (
        "its target moved from 18 Dec to 15 Jan 2027 on 18 Nov")


def test_an_upstream_move_is_the_dependency_cause():
    # B (2 left at 2 a block: 7 days) waits for A + 1 week. Old: A lands 6 Dec (6 left at 2), B 13 Dec. New: A 8
    # left at 4 a block lands 6 Dec again, B 13 Dec. B's replay: time moves A's old inputs to 13 Dec, B to 20 Dec
    # (+7); B's own scope and pace did not change; the new A brings B back to 13 Dec (dependency −7).
    old = {"A": entry(6, 2.0, p85="2026-12-06", name="Cloud migration"),
           "B": entry(2, 2.0, p85="2026-12-13", deps=[("A", 1)])}
    new = {"A": entry(8, 4.0, p85="2026-12-06", name="Cloud migration"),
           "B": entry(2, 2.0, p85="2026-12-13", deps=[("A", 1)])}
    change = explain(old, OLD, new, NEW, "B")
    causes = by_cause(change)
    assert [c["cause"] for c in change["causes"]] == ["time", "dependency"]
    assert (causes["time"]["days"], causes["dependency"]["days"]) == (7, -7)
    assert causes["dependency"]["detail"] == {"keys": ["A"], "names": ["Cloud migration"]}
    assert cause_phrase(causes["dependency"], "en") == f"Cloud migration moved (−7{NB}d)"


def test_what_the_replay_cannot_explain_is_the_method_and_the_parts_still_add_up():
    # the old side was frozen with another method: it showed 1 Dec where today's replay of its inputs gives 6 Dec
    old = {"PAY-1": entry(6, 2.0, p85="2026-12-01", extra=0.0)}
    new = {"PAY-1": entry(6, 2.0, p85="2026-12-13", extra=12_000.0)}
    change = explain(old, OLD, new, NEW, "PAY-1")
    causes = by_cause(change)
    assert change["p85_days"] == 12 and set(causes) == {"time", "method"}
    assert causes["time"]["days"] == 7 and causes["method"]["days"] == 5
    assert sum(c["extra_cost"] for c in change["causes"]) == change["extra_cost"] == 12_000.0


def test_the_chance_of_meeting_the_target_is_split_by_the_same_replay():
    # every trial lands on the same day (constant blocks), so each step's chance is 0% or 100%. Old (15 Nov): 6
    # left at 2 a block → 6 Dec, on its 6 Dec target: 100%. New (22 Nov): 6 left at 3 a block → day 14 = 6 Dec,
    # target 13 Dec: 100%. Replay: time → 13 Dec, late for 6 Dec: −100 points; pace → 6 Dec: +100; the new
    # target changes nothing more. Total 0: nothing to say.
    old = {"PAY-1": entry(6, 2.0, p85="2026-12-06", target="2026-12-06", chance=1.0)}
    new = {"PAY-1": entry(6, 3.0, p85="2026-12-06", target="2026-12-13", chance=1.0)}
    change = explain(old, OLD, new, NEW, "PAY-1")
    assert change["on_time"] == {"from": 1.0, "to": 1.0}
    assert [(c["cause"], c["days"], c["on_time_points"]) for c in change["causes"]] == [
        ("time", 7, -100.0), ("pace", -7, 100.0), ("target", 0, 0.0)]
    assert on_time_text(change, "en") == ""
    # the same old state, nothing done in the week and the target kept: the week alone makes it late
    still = {"PAY-1": entry(6, 2.0, p85="2026-12-13", target="2026-12-06", chance=0.0)}
    change = explain(old, OLD, still, NEW, "PAY-1")
    assert [(c["cause"], c["on_time_points"]) for c in change["causes"]] == [("time", -100.0)]
    assert on_time_text(change, "en") == f"chance of meeting the target 100% → 0% (time passed −100{NB}pts)"
    assert on_time_text(change, "fr") == f"probabilité de tenir la date 100{NB}% → 0{NB}% (temps écoulé −100{NB}pts)"
    assert on_time_text(explain(old, OLD, still, NEW, "PAY-1"), "en", at_least=101) == ""
    # a side without a chance (no target, or a snapshot that did not record it) says nothing of it
    assert explain(old, OLD, {"PAY-1": entry(6, 2.0, p85="2026-12-13", target=None)}, NEW, "PAY-1")["on_time"] is None


@pytest.mark.parametrize(("values", "total", "parts"), [
    ([-17.84, -6.76], -24, [-18, -6]),  # the demo's Cloud migration, 12 → 13 Nov: 72% → 48%
    ([-17.5, -7.5], -24, [-17, -7]),  # rounding both halves away would say −26
    ([0.4, 0.4, 0.4], 1, [1, 0, 0]),
    ([30.0, -10.0], 20, [30, -10]),
    ([], 0, []),
])
def test_points_shown_add_up_to_the_move_shown(values, total, parts):
    assert apportion(values, total) == parts


def test_no_forecast_on_a_side_lists_only_a_target_move_and_new_items_have_no_change():
    old = {"PAY-1": entry(6, 0.0, p85=None)}
    new = {"PAY-1": entry(6, 2.0, p85="2026-12-13", target="2027-01-15")}
    change = explain(old, OLD, new, NEW, "PAY-1")
    assert change["p85_days"] is None
    assert [(c["cause"], c["days"]) for c in change["causes"]] == [("target", None)]
    assert explain({}, OLD, new, NEW, "PAY-1") is None


@pytest.mark.parametrize(("move", "lang", "text"), [
    ({"from": None, "to": "2027-01-15", "at": None}, "en", "a target was set for 15 Jan 2027"),
    ({"from": "2026-12-18", "to": None, "at": "2026-11-20"}, "fr", "sa date cible a été retirée le 20 nov."),
    ({"from": "2026-12-18", "to": "2027-01-15", "at": None}, "fr", "sa date cible est passée du 18 déc. au 15 janv. 2027"),
])
def test_target_phrases(move, lang, text):
    assert target_phrase(move, lang, ref=NEW) == text
