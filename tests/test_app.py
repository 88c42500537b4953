"""The dashboard through Streamlit's AppTest, on the demo company, in both languages."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

DASHBOARD = str(Path(__file__).resolve().parent.parent / "dashboard.py")


@pytest.fixture
def app(demo_store_url):
    st.cache_resource.clear()
    st.cache_data.clear()
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    return at


@pytest.mark.parametrize(("lang", "title", "banner"), [
    ("en", "Nordwind (demo) — delivery at a glance", "Demo data"),
    ("fr", "Nordwind (demo) — la livraison en un coup d'œil", "Données de démonstration"),
])
def test_executive_page_in_both_languages(app, lang, title, banner):
    app.query_params["lang"] = lang
    app.run()
    assert not app.exception, app.exception
    assert app.title[0].value == title
    assert any(banner in i.value for i in app.info)
    assert len(app.metric) >= 4  # the total at stake first, then the delivery figures
    assert 0 < int(app.metric[1].value.rstrip("%\u00a0")) <= 100  # work finished as planned, in percent
    assert any('class="pl-alloc"' in h.proto.body for h in app.get("html"))  # where the finished work went


def test_figures_match_the_metrics_layer(app):
    from metrics.delivery import delivery_report
    from pilotage.application.service import default_as_of, load_dataset
    from pilotage.core.workspace import load_workspace

    app.run()
    ws = load_workspace()
    as_of = default_as_of(ws)
    report = delivery_report(load_dataset(ws), ws, as_of=as_of)
    assert app.metric[2].value == f"{report.dora.teams.loc['*', 'deployments_per_week']:.1f}"  # releases a week


def test_language_and_as_of_are_kept_in_the_url(app):
    app.query_params["lang"] = "fr"
    app.query_params["as_of"] = "2026-10-31"
    app.run()
    assert not app.exception
    assert app.query_params["lang"] == ["fr"] or app.query_params["lang"] == "fr"
    assert "31 oct. 2026" in app.caption[0].value
