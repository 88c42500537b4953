"""Since last board: the comparison of two hand-made views documents, and the calibration of frozen forecasts on a
hand case (every expected value worked out by hand in the comments)."""

from __future__ import annotations

import json

from pilotage.application.calibration import calibration
from pilotage.application.compare import compare

NB = "\u00a0"


def _entry(name, p50, p85, status, drift, extra, cod, prob, *, key_item=True, done=None):
    return {"name": name, "team": "Platform", "key_item": key_item, "status": status, "drift_days": drift,
            "extra_cost": extra, "cost_of_delay": cod,
            "forecast": {"p50": p50, "p85": p85, "on_time_probability": prob, "inputs": {"done_date": done}}}


def _team(weekly, accuracy, lead_time_p50, lead_band):
    return {
        "throughput": [{"week": f"2026-10-{5 + 7 * i:02d}", "items": n} for i, n in enumerate(weekly)],
        "sprints": [{"planning_accuracy": a} for a in accuracy],
        "dora": {"deployments_per_week": 2.0, "lead_time_hours": {"p50": lead_time_p50}, "change_failure_rate": 0.1,
                 "time_to_restore_hours": {"p50": 3.0},
                 "bands": {"deployment_frequency": {"band": "high"}, "lead_time": {"band": lead_band},
                           "change_failure_rate": {"band": "high"}, "time_to_restore": {"band": "high"}}},
        "allocation": [{"category": "features", "items": 3, "items_share": 0.75},
                       {"category": "bugs & incidents", "items": 1, "items_share": 0.25}],
    }


OLD = {
    "meta": {"as_of": "2026-10-22", "currency": "EUR", "definitions_version": "d1"},
    "metrics": {
        "roadmap": {
            "PLAT-1": _entry("Cloud migration", "2026-12-27", "2027-01-03", "amber", 30, 100_000.0, 20_000.0, 0.6),
            "PAY-1": _entry("Checkout", "2026-12-13", "2026-12-20", "green", 0, 0.0, 0.0, 0.9),
            "OLD-1": _entry("Legacy cleanup", "2026-11-29", "2026-12-06", "green", -3, 0.0, 0.0, 1.0, key_item=False),
        },
        "teams": {"Payments": _team([10, 12], [0.8, 0.6], 30.0, "high")},
    },
}
NEW = {
    "meta": {"as_of": "2026-11-22", "currency": "EUR", "definitions_version": "d2"},
    "metrics": {
        "roadmap": {
            # +14 days on both dates, +€40k extra cost, cost of delay unchanged, amber → red
            "PLAT-1": _entry("Cloud migration", "2027-01-10", "2027-01-17", "red", 44, 140_000.0, 20_000.0, 0.2),
            "PAY-1": _entry("Checkout", "2026-12-13", "2026-12-20", "green", 0, 0.0, 0.0, 0.9),
            "NEW-1": _entry("Partner API", "2027-02-07", "2027-02-21", "no target", None, None, None, None),
        },
        "teams": {"Payments": _team([12, 14], [0.6, 0.5], 60.0, "medium")},
    },
}


def test_item_moves():
    c = compare(OLD, NEW)
    by_key = {r["key"]: r for r in c["items"]}
    assert [r["key"] for r in c["items"]] == ["PLAT-1", "PAY-1", "NEW-1", "OLD-1"]  # new order, then removed
    cloud = by_key["PLAT-1"]
    assert cloud["change"] == "moved"
    assert (cloud["p50_days"], cloud["p85_days"], cloud["drift_change_days"]) == (14, 14, 14)
    assert (cloud["extra_cost_change"], cloud["cost_of_delay_change"]) == (40_000.0, 0.0)
    assert cloud["status_changed"] and cloud["probability_change"] == -0.4
    assert cloud["old"]["status"] == "amber" and cloud["new"]["p85"] == "2027-01-17"
    assert by_key["PAY-1"]["change"] == "unchanged" and by_key["PAY-1"]["sentence"] is None
    assert by_key["NEW-1"]["change"] == "added" and by_key["NEW-1"]["old"] is None
    assert by_key["OLD-1"]["change"] == "removed" and by_key["OLD-1"]["new"] is None
    assert c["ranked"] == ["PLAT-1", "NEW-1", "OLD-1"]
    assert c["old"] == {"as_of": "2026-10-22", "definitions_version": "d1"}
    json.dumps(c, allow_nan=False)  # JSON-safe


def test_sentences_in_both_languages():
    c = compare(OLD, NEW)
    assert c["sentence"]["en"] == (
        "Since last board (22 Oct 2026): Cloud migration: now late (was at risk): chance of meeting the target "
        "60% → 20%; forecast +2 weeks (85% date "
        "17 Jan 2027); +€40k extra cost. Partner API: new on the roadmap. Legacy cleanup: no longer on the roadmap.")
    assert c["sentence"]["fr"] == (
        f"Depuis le dernier comité (22 oct. 2026){NB}: Cloud migration{NB}: désormais en retard (était à risque)"
        f"{NB}: probabilité de tenir la date 60{NB}% → 20{NB}%{NB}; prévision +2 semaines (date à 85{NB}%{NB}: 17 janv. 2027){NB}; +40{NB}k€ de surcoût. Partner API"
        f"{NB}: nouveau dans la feuille de route. Legacy cleanup{NB}: retiré de la feuille de route.")


def test_headline_changes():
    c = compare(OLD, NEW)
    rows = {(h["scope"], h["metric"]): h for h in c["headlines"]}
    # throughput: median of [10, 12] = 11 → median of [12, 14] = 13; planning accuracy: 0.7 → 0.55
    assert rows[("*", "throughput")] == {"scope": "*", "metric": "throughput", "unit": "items per week",
                                         "old": 11.0, "new": 13.0, "change": 2.0}
    assert (rows[("*", "planning_accuracy")]["old"], rows[("*", "planning_accuracy")]["new"]) == (0.7, 0.55)
    lead = rows[("Payments", "lead_time_for_changes")]
    assert (lead["old"], lead["new"], lead["change"], lead["old_band"], lead["new_band"]) == (30.0, 60.0, 30.0,
                                                                                             "high", "medium")
    assert rows[("*", "allocation.features")]["new"] == 0.75
    assert c["delivery_sentence"]["en"] == (
        "Delivery: 13 items finished per week (+2); planned work finished in the sprint 55% (−15 pts); "
        "Payments: time to customers now in the medium band (was high).")
    assert c["delivery_sentence"]["fr"].startswith(f"Livraison{NB}: 13 tâches terminées par semaine (+2){NB}; ")


def test_nothing_moved_and_older_documents():
    same = compare(NEW, NEW)
    assert same["sentence"]["en"] == "Since last board (22 Nov 2026): no roadmap forecast moved."
    assert same["delivery_sentence"] is None
    bare = compare({"meta": {"as_of": "2026-01-05"}}, NEW)  # an older document without metrics: all added
    assert {r["change"] for r in bare["items"]} == {"added"}
    assert all(h["old"] is None and h["change"] is None for h in bare["headlines"])


def test_small_and_large_shifts_are_worded_honestly():
    def moved(days_later_p85):
        new = json.loads(json.dumps(OLD))
        new["metrics"]["roadmap"]["PAY-1"]["forecast"]["p85"] = days_later_p85
        return {r["key"]: r for r in compare(OLD, new)["items"]}["PAY-1"]["sentence"]["en"]

    assert moved("2026-12-23") == "Checkout: forecast +3 days (85% date 23 Dec 2026)"
    assert moved("2027-01-03") == "Checkout: forecast +2 weeks (85% date 3 Jan 2027)"  # 14 days: exact weeks
    assert moved("2027-01-26") == "Checkout: forecast about +5 weeks (85% date 26 Jan 2027)"  # 37 days
    assert moved("2026-12-10") == "Checkout: forecast −10 days (85% date 10 Dec 2026)"


def _replayable(remaining, per_block, *, p85, status, target, history=()):
    """An entry with the recorded inputs a replay needs (constant blocks: every trial lands on the same day)."""
    return {"name": "New checkout", "team": "Payments", "key_item": True, "status": status, "drift_days": 0,
            "extra_cost": 0.0, "cost_of_delay": 0.0, "baseline_date": "2026-12-18", "target_date": target,
            "target_history": list(history),
            "forecast": {"p50": p85, "p85": p85, "on_time_probability": 0.5, "seed": 11, "trials": 100,
                         "reason": None, "inputs": {"remaining": remaining, "block_samples": [per_block] * 12,
                                                    "done_date": None, "dependencies": []}},
            "statement": {"evidence": {"remaining": [f"PAY-{i}" for i in range(remaining)]}}}


def test_a_moved_target_is_named_with_the_status_and_the_forecast_move_is_split_into_causes():
    # 15 Nov: 6 left at 2 a block → day 21 = 6 Dec. 22 Nov: 8 left at 3 a block → 7·2 + ceil(7·2 ÷ 3) = 19 → 11 Dec
    # (+5). Replay: time +7 (13 Dec), 2 items added: 8 at 2 → day 28 = 20 Dec (+7), pace 3 a block: 11 Dec (−9).
    history = [{"at": "2026-09-01T08:00:00Z", "date": "2026-12-18"}, {"at": "2026-11-18T16:00:00Z", "date": "2027-01-15"}]
    old = {"meta": {"as_of": "2026-11-15"}, "metrics": {"roadmap": {
        "PAY-1": _replayable(6, 2.0, p85="2026-12-06", status="red", target="2026-12-18")}}}
    new = {"meta": {"as_of": "2026-11-22"}, "metrics": {"roadmap": {
        "PAY-1": _replayable(8, 3.0, p85="2026-12-11", status="amber", target="2027-01-15", history=history)}}}
    c = compare(old, new)
    item = c["items"][0]
    assert item["target_moved"] and item["p85_days"] == 5
    assert [(x["cause"], x["days"]) for x in item["why"]["causes"]] == [
        ("time", 7), ("scope", 7), ("pace", -9), ("target", 0)]
    assert item["sentence"]["en"] == (
        "New checkout: now at risk (was late) because its target moved from 18 Dec to 15 Jan 2027 on 18 Nov; "
        f"forecast +5 days (85% date 11 Dec 2026): time passed +7{NB}d, 2 items added (+7{NB}d), pace −9{NB}d")
    assert item["sentence"]["fr"] == (
        f"New checkout{NB}: désormais à risque (était en retard) car sa date cible est passée du 18 déc. au "
        f"15 janv. 2027 le 18 nov.{NB}; prévision +5 jours (date à 85{NB}%{NB}: 11 déc. 2026){NB}: temps écoulé "
        f"+7{NB}j, 2 éléments ajoutés (+7{NB}j), rythme −9{NB}j")
    # the same target move with nothing else changing is still named (never folded away)
    same = {"meta": {"as_of": "2026-11-22"}, "metrics": {"roadmap": {
        "PAY-1": _replayable(6, 2.0, p85="2026-12-13", status="red", target="2027-01-15", history=history)}}}
    assert compare(old, same)["items"][0]["sentence"]["en"] == (
        "New checkout: its target moved from 18 Dec to 15 Jan 2027 on 18 Nov; forecast +1 week (85% date "
        f"13 Dec 2026): time passed +7{NB}d")


# ------------------------------------------------------------------------------------------ calibration


def _views(as_of, entries):
    return {"meta": {"as_of": as_of}, "metrics": {"roadmap": entries}}


def _open(p85, name="x"):
    return {"name": name, "forecast": {"p85": p85, "inputs": {"done_date": None}}}


def _finished(done):
    return {"name": "x", "forecast": {"p85": done, "inputs": {"done_date": done}}}


def test_calibration_hand_case():
    s1 = ({"id": "s1", "title": "Board Sep", "as_of": "2026-09-01"}, _views("2026-09-01", {
        "X": _open("2026-10-15"),  # done 25 Sep (known from s2 only): met
        "Y": _open("2026-11-01"),  # done 5 Nov: missed
        "Z": _open("2027-01-31"),  # still open, date not passed: pending
        "T": _open("2026-11-15"),  # still open on 22 Nov: missed
        "R": _open("2026-10-01"),  # done 30 Sep: met
        "W": _finished("2026-08-20"),  # already finished: no forecast to judge
        "V": {"name": "v", "forecast": {"p85": None, "inputs": {"done_date": None}}},  # no forecast
    }))
    s2 = ({"id": "s2", "title": "Board Oct", "as_of": "2026-10-01"}, _views("2026-10-01", {
        "X": _finished("2026-09-25"),
        "Y": _open("2026-11-10"),  # done 5 Nov: met
        "Z": _open("2027-02-07"),  # pending
        "T": _open("2026-12-31"),  # pending
    }))
    same_day = ({"id": "s3", "title": "Board Nov", "as_of": "2026-11-22"}, _views("2026-11-22", {
        "T": _open("2026-11-01")}))  # frozen on the day judged: not an earlier forecast
    current = _views("2026-11-22", {"Y": _finished("2026-11-05"), "Z": _open("2027-02-07"),
                                    "T": _open("2027-01-10"), "R": _finished("2026-09-30")})
    result = calibration([s2, same_day, s1], current)
    outcomes = {(r["snapshot_id"], r["key"]): r["outcome"] for r in result["forecasts"]}
    assert outcomes == {("s1", "X"): "met", ("s1", "Y"): "missed", ("s1", "Z"): "pending", ("s1", "T"): "missed",
                        ("s1", "R"): "met", ("s2", "Y"): "met", ("s2", "Z"): "pending", ("s2", "T"): "pending"}
    assert (result["judged"], result["met"], result["missed"], result["pending"], result["ratio"]) == (5, 3, 2, 3, 0.6)
    assert result["sentence"]["en"].startswith(
        "Our 85% dates were met 3 times out of 5 (forecasts shown at 2 earlier boards,")
    assert result["sentence"]["fr"].startswith(f"Nos dates à 85{NB}% ont été tenues 3 fois sur 5 (prévisions "
                                               "présentées à 2 comités précédents,")
    done = {(r["snapshot_id"], r["key"]): r["done_date"] for r in result["forecasts"]}
    assert done[("s1", "X")] == "2026-09-25" and done[("s1", "T")] is None


def test_no_history_no_sentence():
    current = _views("2026-11-22", {"Y": _open("2026-12-01")})
    assert calibration([], current)["sentence"] is None
    only_pending = calibration([({"id": "a", "as_of": "2026-11-01"}, _views("2026-11-01", {"Y": _open("2026-12-01")}))],
                               current)
    assert (only_pending["judged"], only_pending["pending"], only_pending["sentence"]) == (0, 1, None)
