"""The roadmap page through AppTest on the demo company, in both languages: timeline, chosen item (deep link,
selectbox synced with the address), distribution, target history, dependencies, evidence, what-if (live only)
and untrusted titles shown as text. Fixtures come from tests/test_page_executive.py (one views computation per
module, snapshots in a copy of the demo store)."""

from __future__ import annotations

import copy
import html
import json
import re

import pytest

from presentation.charts_roadmap import wrapped
from tests import test_page_executive as shared
from tests.test_page_executive import SCRIPT_TITLE, bodies, run

# fixtures shared with the executive page's tests (pytest finds fixtures among a module's attributes)
app, reference, snapshot_app = shared.app, shared.reference, shared.snapshot_app
copy_store, fresh_caches = shared.copy_store, shared.fresh_caches
english_afterwards = shared.english_afterwards

ROADMAP = "app_pages/roadmap.py"


def open_roadmap(at, **query):
    run(at, **query)
    at.switch_page(ROADMAP)
    return run(at)


def frame_with(at, column: str):
    """The first dataframe shown with that column (st.dataframe keeps the raw column names)."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


@pytest.mark.parametrize(("lang", "figures"), [
    ("en", ["7 Jan 2027", "17 Jan 2027", "20%", "+44 days", "€201k", "€38k"]),
    ("fr", ["7 janv. 2027", "17 janv. 2027", "20\u00a0%", "+44 jours", "201\u00a0k€", "38\u00a0k€"]),
])
def test_timeline_and_the_first_item_are_the_metrics(app, reference, lang, figures):
    report = reference["inputs"].roadmap
    at = open_roadmap(app, lang=lang)
    timeline = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert timeline["layout"]["yaxis"]["ticktext"] == [wrapped(n) for n in report.items["name"]]
    # the forecast bars run from P50 to P85 of each item still open
    bars = {(x, y) for trace in timeline["data"] if trace["mode"] == "lines+markers"
            for x, y in zip(trace["x"], trace["y"]) if y}
    open_items = report.items.loc[report.items["done_date"].isna()]
    assert bars == {(d, k) for k, a, b in zip(open_items["key"], open_items["p50_date"], open_items["p85_date"])
                    for d in (a, b)}
    # Cloud migration is chosen first (the workspace's first item); its figures are the report's
    assert at.selectbox(key="roadmap_item").value == "PLAT-412"
    assert [m.value for m in at.metric] == figures
    distribution = json.loads(at.get("plotly_chart")[1].proto.spec)
    assert distribution["data"][0]["y"] == pytest.approx(list(report.distribution("PLAT-412")["share"] * 100))
    assert distribution["data"][1]["y"][-1] == pytest.approx(100)


def test_target_history_dependencies_and_evidence(app, reference):
    report = reference["inputs"].roadmap
    at = open_roadmap(app, lang="en")
    ledger = frame_with(at, "change")
    assert list(ledger["change"]) == ["set to 4 Dec 2026", "moved later by 14 days, to 18 Dec 2026",
                                      "moved later by 13 days, to 31 Dec 2026"]
    assert list(report.ledger.loc[report.ledger["key"] == "PLAT-412", "change_days"].fillna(0)) == [0, 14, 13]
    assert all(re.fullmatch(r"\d{1,2} [A-Z][a-z]{2} \d{4}", when) for when in ledger["when"])  # as words, not ISO
    lines = " ".join(bodies(at))
    assert "New checkout waits for this item, then 2 weeks more." in lines
    assert "This item's delay moves New checkout by 5 weeks." in lines
    remaining = frame_with(at, "title")
    ids = report.inputs.remaining_ids[0]
    assert len(remaining) == len(ids) == 11
    assert sorted(remaining["key"], key=lambda k: int(k.split("-")[1])) == list(remaining["key"])
    assert {f"jira:{k}" for k in remaining["key"]} == set(ids)


def test_the_item_in_the_link_is_chosen_and_survives_a_page_switch(app):
    at = open_roadmap(app, lang="fr", item="PAY-1201")
    assert at.selectbox(key="roadmap_item").value == "PAY-1201"
    assert at.metric[1].value == "31 janv. 2027"
    assert "Attend Cloud migration, puis 2 semaines de plus." in " ".join(bodies(at))
    at.switch_page("app_pages/executive.py")
    run(at)
    at.switch_page(ROADMAP)
    run(at)
    assert at.selectbox(key="roadmap_item").value == "PAY-1201"
    assert at.query_params["item"] in ("PAY-1201", ["PAY-1201"])
    assert at.query_params["lang"] in ("fr", ["fr"])


def test_choosing_an_item_puts_it_in_the_address(app):
    at = open_roadmap(app, lang="en")
    at.selectbox(key="roadmap_item").select("MOB-640").run()
    assert not at.exception
    assert at.query_params["item"] in ("MOB-640", ["MOB-640"])
    assert at.metric[1].value == "21 Jan 2027"  # Offline mode's 85% date


def test_team_filter_keeps_the_teams_items(app, reference):
    at = open_roadmap(app, lang="en", team="Payments")
    timeline = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert timeline["layout"]["yaxis"]["ticktext"] == ["New checkout", "Instant payouts<br>for merchants"]
    assert at.selectbox(key="roadmap_item").options == ["New checkout (PAY-1201)",
                                                        "Instant payouts for merchants (PAY-1202)"]


# --------------------------------------------------------------------------------------------------- what-if


def _whatif(reference, *changes):
    from metrics.whatif import what_if

    inputs = reference["inputs"]
    return what_if(inputs.roadmap.inputs, reference["ws"], list(changes), before=inputs.roadmap)


@pytest.mark.parametrize("case", ["remove all scope", "lend a team", "drop the dependency"])
def test_what_if_recomputes_without_touching_the_data(app, reference, case):
    from metrics.whatif import AddThroughput, RemoveScope, SetDependency

    if case == "remove all scope":
        key, change = "PLAT-412", RemoveScope("PLAT-412", 11)
        at = open_roadmap(app, lang="en", item=key)
        at.slider(key="whatif_remove_PLAT-412").set_value(11).run()
    elif case == "lend a team":
        key, change = "PLAT-412", AddThroughput("PLAT-412", "Data", 0.5)
        at = open_roadmap(app, lang="en", item=key)
        at.selectbox(key="whatif_team_PLAT-412").select("Data").run()
        at.slider(key="whatif_share_PLAT-412").set_value(50).run()
    else:
        key, change = "PAY-1201", SetDependency("PAY-1201", "PLAT-412", None)
        at = open_roadmap(app, lang="en", item=key)
        at.checkbox(key="whatif_drop_PAY-1201_PLAT-412").check().run()
    assert not at.exception, at.exception
    expected = _whatif(reference, change).item(key)
    before, after = (expected[side]["forecast"]["p85"] for side in ("before", "after"))
    assert after <= before  # each of these decisions can only bring the item earlier
    table = frame_with(at, "after")
    row = table.loc[table["figure"] == "85% confidence"].iloc[0]
    from datetime import date

    def words(iso: str) -> str:
        d = date.fromisoformat(iso)
        return f"{d.day} {d.strftime('%b')} {d.year}"

    assert (row["before"], row["after"]) == (words(before), words(after))
    assert any(expected["after"]["statement"]["en"] in b for b in bodies(at))
    # the stored data and the page's own figures are unchanged
    assert at.metric[1].value == words(before)
    assert reference["inputs"].roadmap.items.set_index("key").loc[key, "p85_date"] == before


def test_removing_all_of_cloud_migration_also_moves_new_checkout(app, reference):
    from metrics.whatif import RemoveScope

    at = open_roadmap(app, lang="en", item="PLAT-412")
    at.slider(key="whatif_remove_PLAT-412").set_value(11).run()
    result = _whatif(reference, RemoveScope("PLAT-412", 11))
    assert result.moved() == ["PLAT-412", "PAY-1201"]
    checkout = result.item("PAY-1201")
    assert checkout["after"]["forecast"]["p85"] < checkout["before"]["forecast"]["p85"]
    assert any("Also moves New checkout: 85% confidence date 31 Jan 2027 →" in b for b in bodies(at))


def test_a_snapshot_shows_what_if_switched_off(snapshot_app, reference):
    at = snapshot_app(reference["views"], page=ROADMAP, lang="en", item="PAY-1201")
    assert any("What-if is off in a frozen snapshot" in i.value for i in at.info)
    assert all(s.disabled for s in at.slider)
    assert at.checkbox(key="whatif_drop_PAY-1201_PLAT-412").disabled
    assert not any("after" in d.value.columns for d in at.dataframe)
    assert at.metric[1].value == "31 Jan 2027"


def test_titles_show_as_text_never_as_html(snapshot_app, reference):
    views = copy.deepcopy(reference["views"])
    views["metrics"]["roadmap"]["PLAT-412"]["name"] = SCRIPT_TITLE
    views["roadmap"]["remaining"]["PLAT-412"]["rows"][0]["title"] = SCRIPT_TITLE
    at = snapshot_app(views, page=ROADMAP, lang="en", item="PLAT-412")
    raw = [h.proto.body for h in at.get("html")]
    assert not any("<script" in b for b in raw)
    assert any(html.escape(SCRIPT_TITLE) in b for b in raw)  # the item's heading
    ticks = json.loads(at.get("plotly_chart")[0].proto.spec)["layout"]["yaxis"]["ticktext"]
    assert ticks[0] == wrapped(html.escape(SCRIPT_TITLE, quote=False))  # Plotly draws entities as characters
    assert "&lt;script&gt;alert" in ticks[0]  # wrapped between words only, never inside an entity
    assert frame_with(at, "title")["title"].iloc[0] == SCRIPT_TITLE  # a grid cell: plain text
    assert at.selectbox(key="roadmap_item").options[0] == f"{SCRIPT_TITLE} (PLAT-412)"


def test_a_snapshot_older_than_the_page_says_so(snapshot_app, reference):
    views = copy.deepcopy(reference["views"])
    del views["roadmap"]
    at = snapshot_app(views, page=ROADMAP, lang="en")
    assert any("frozen before the roadmap page existed" in i.value for i in at.info)
