"""What-if recomputation (metrics.whatif): changed scope, lent throughput, changed dependencies — same seed, the
untouched items keep their exact trials."""

from __future__ import annotations

import numpy as np
import pytest

from metrics.roadmap import evaluate, roadmap_inputs
from metrics.whatif import AddThroughput, RemoveScope, SetDependency, apply_changes, what_if
from pilotage.core.errors import WorkspaceError
from tests.test_roadmap import AS_OF, CREATED, day, dependency_case

TRIALS = 2000


@pytest.fixture(scope="module")
def case():
    d, ws = dependency_case()
    d.epic("OPS-1", due=[(CREATED, day(60))], summary="Status page")  # project OPS belongs to no team
    d.item("OPS-1", start="2026-10-01T10:00Z", done="2026-10-02T10:00Z")
    d.left("OPS-1", 4)
    inputs = roadmap_inputs(d.dataset(), ws, as_of=AS_OF)
    return inputs, ws, evaluate(inputs, ws, trials=TRIALS)


def p85(report, key):
    return report.items.set_index("key").loc[key, "p85_date"]


def test_before_is_the_plain_report(case):
    inputs, ws, before = case
    assert (p85(before, "PLAT-1"), p85(before, "PAY-1")) == (day(21), day(35))
    assert before.items.set_index("key").loc["OPS-1", "reason"] == "no_team"


def test_removing_or_changing_a_dependency(case):
    inputs, ws, before = case
    removed = what_if(inputs, ws, [SetDependency("PAY-1", "PLAT-1", None)], before=before)
    assert p85(removed.after, "PAY-1") == day(7)
    assert np.array_equal(removed.after.completions["PLAT-1"], before.completions["PLAT-1"])
    assert removed.moved() == ["PAY-1"]
    entry = removed.item("PAY-1")
    assert entry["before"]["forecast"]["p85"] == day(35) and entry["after"]["forecast"]["p85"] == day(7)
    assert entry["after"]["status"] == "green"
    assert entry["after"]["statement"]["en"].startswith("New checkout is on track")
    no_lag = what_if(inputs, ws, [SetDependency("PAY-1", "PLAT-1", 0)], before=before)
    assert p85(no_lag.after, "PAY-1") == day(21)


def test_removing_scope_moves_the_item_and_its_dependant(case):
    inputs, ws, before = case
    result = what_if(inputs, ws, [RemoveScope("PLAT-1", 2)], before=before)
    assert (p85(result.after, "PLAT-1"), p85(result.after, "PAY-1")) == (day(14), day(28))
    assert result.after.items.set_index("key").loc["PLAT-1", "drift_days"] == 7
    assert result.after.statements["PLAT-1"]["evidence"]["dependants"] == [{"key": "PAY-1", "shift_days": 7}]
    everything = what_if(inputs, ws, [RemoveScope("PLAT-1", 50)], before=before)
    assert p85(everything.after, "PLAT-1") == day(0)  # nothing left: lands at as_of


def test_lending_throughput(case):
    inputs, ws, before = case
    # half of Payments' 2 items a week added to the migration's own 2 a week: 6 left at 3 a week
    result = what_if(inputs, ws, [AddThroughput("PLAT-1", "Payments", 0.5)], before=before)
    assert p85(result.after, "PLAT-1") == day(14)
    # an item with no team to borrow a pace from gets one
    lent = what_if(inputs, ws, [AddThroughput("OPS-1", "Payments", 1.0)], before=before)
    assert p85(lent.after, "OPS-1") == day(14)  # 4 left at 2 a week
    assert lent.after.forecasts["OPS-1"]["inputs"]["block_samples"] == [2.0] * 12


def test_invalid_changes_and_cycles_are_refused_clearly(case):
    inputs, ws, before = case
    with pytest.raises(WorkspaceError, match="dependency cycle"):
        what_if(inputs, ws, [SetDependency("PLAT-1", "PAY-1", 0)], before=before)
    with pytest.raises(WorkspaceError) as error:
        apply_changes(inputs, [RemoveScope("NOPE-1", 1), AddThroughput("PAY-1", "Sales", 0.5),
                               AddThroughput("PAY-1", "Mobile", 1.5), RemoveScope("PAY-1", -1)])
    assert error.value.problems == [
        "what-if: unknown roadmap item 'NOPE-1' (items: PLAT-1, PAY-1, OPS-1)",
        "what-if: unknown team 'Sales' (teams: Payments, Platform, Mobile)",
        "what-if: share of Mobile's throughput must be in (0, 1], got 1.5",
        "what-if: items to remove must be ≥ 0, got -1",
    ]


def test_changes_never_touch_the_inputs(case):
    inputs, ws, before = case
    samples, remaining = inputs.samples.copy(), inputs.items["remaining"].copy()
    apply_changes(inputs, [RemoveScope("PLAT-1", 3), AddThroughput("PLAT-1", "Mobile", 1.0),
                           SetDependency("PAY-1", "PLAT-1", None)])
    assert np.array_equal(inputs.samples, samples) and inputs.items["remaining"].equals(remaining)
    assert inputs.depends_on["PAY-1"][0].key == "PLAT-1"
