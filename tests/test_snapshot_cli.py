"""`python -m pilotage snapshot …` on a copy of the demo store: create, list, decide, compare, export, link."""

from __future__ import annotations

import copy
import json
import sqlite3
import time
from datetime import date
from urllib.parse import parse_qsl, urlsplit

import pandas as pd
import pytest

from pilotage.application.snapshots import assumptions, freeze, load, verify
from pilotage.cli import main
from pilotage.core.store import Store
from pilotage.core.workspace import load_workspace


@pytest.fixture(scope="module")
def store_url(demo_store_url, tmp_path_factory):
    target = tmp_path_factory.mktemp("cli") / "demo.db"
    source, dest = sqlite3.connect(demo_store_url.removeprefix("sqlite:///")), sqlite3.connect(target)
    source.backup(dest)
    source.close()
    dest.close()
    return f"sqlite:///{target}"


@pytest.fixture
def cli(store_url, monkeypatch, capsys):
    """Run the CLI on the demo workspace whose store is the module's copy; returns (exit code, stdout, stderr)."""
    monkeypatch.setenv("PILOTAGE_DEMO_STORE", store_url)
    monkeypatch.delenv("PILOTAGE_LINK_SECRET", raising=False)

    def run(*args: str) -> tuple[int, str, str]:
        code = main(["snapshot", *args])
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


@pytest.fixture(scope="module")
def two_boards(store_url):
    """Q4 frozen through the CLI; Q3 hand-made from its views (Cloud migration 2 weeks earlier and at risk, made
    with earlier definitions). Returns (q3 id, q4 id)."""
    mp = pytest.MonkeyPatch()
    mp.setenv("PILOTAGE_DEMO_STORE", store_url)
    try:
        assert main(["snapshot", "create", "--as-of", "2026-11-22", "--title", "Board Q4 2026"]) == 0
        store = Store(store_url)
        q4 = load(store, store.list_snapshots()["id"].iloc[0])
        views = copy.deepcopy(q4.payload["views"])
        views["meta"]["as_of"] = "2026-10-22"
        views["metrics"]["roadmap"]["PLAT-412"]["forecast"]["p85"] = "2027-01-03"
        views["metrics"]["roadmap"]["PLAT-412"]["status"] = "amber"
        q3 = freeze(store, title="Board Q3 2026", as_of=date(2026, 10, 22), definitions_version="0ld0ld0ld0ld",
                    data_version=1, payload={"views": views, "assumptions": assumptions(load_workspace())},
                    created_at=pd.Timestamp("2026-10-23T09:00:00Z"))
        store.close()
    finally:
        mp.undo()
    return q3.id, q4.id


def test_create_list_decide_compare(cli, two_boards, store_url):
    q3, q4 = two_boards
    code, out, _ = cli("list")
    lines = out.splitlines()
    assert code == 0 and len(lines) == 2
    assert lines[0].startswith(f"{q3}  as of 2026-10-22") and lines[0].endswith("Board Q3 2026  (earlier definitions)")
    assert lines[1].startswith(f"{q4}  as of 2026-11-22") and lines[1].endswith("Board Q4 2026")

    code, out, _ = cli("decide", q3, "--what", "Move two Platform engineers to the migration", "--owner", "CTO",
                       "--due", "2026-11-15")
    assert code == 0 and f"decision recorded on snapshot {q3}" in out
    assert Store(store_url).decisions(q3).to_dict("records") == [
        {"what": "Move two Platform engineers to the migration", "owner": "CTO", "due": "2026-11-15"}]

    code, out, _ = cli("compare", q4)  # against the board before it
    assert code == 0
    assert out.splitlines()[0] == f"{q3} (Board Q3 2026, as of 2026-10-22) → {q4} (Board Q4 2026, as of 2026-11-22)"
    # the old board was forged from the new figures (its inputs are 22 Nov's): the replay calls the rest "method"
    assert ("Since last board (22 Oct 2026): Cloud migration: now late (was at risk); forecast +2 weeks (85% date "
            "17 Jan 2027): time passed +31\u00a0d, forecast method −17\u00a0d.") in out
    assert "decided then: Move two Platform engineers to the migration — CTO (due 2026-11-15)" in out
    code, out, _ = cli("compare", q4, q3, "--json")
    moved = {r["key"]: r for r in json.loads(out)["items"]}["PLAT-412"]
    assert code == 0 and (moved["p85_days"], moved["old"]["status"], moved["new"]["status"]) == (14, "amber", "red")
    code, _, err = cli("compare", q3)
    assert code == 1 and "is the first one" in err


def test_export_html(cli, two_boards, tmp_path):
    _, q4 = two_boards
    code, out, _ = cli("export", q4, "--format", "html", "--out", str(tmp_path / "pack.html"), "--lang", "fr")
    assert code == 0 and out.startswith(f"wrote {tmp_path / 'pack.html'} (")
    html = (tmp_path / "pack.html").read_text("utf-8")
    assert '<html lang="fr">' in html and "Board Q4 2026" in html


def test_signed_link(cli, two_boards, monkeypatch):
    _, q4 = two_boards
    monkeypatch.setenv("PILOTAGE_LINK_SECRET", "s3cret-for-tests")
    code, out, _ = cli("link", q4, "--base-url", "https://pilotage.example.com/", "--expires-days", "7",
                       "--lang", "fr")
    url = urlsplit(out.strip())
    params = dict(parse_qsl(url.query))
    assert code == 0 and f"{url.scheme}://{url.netloc}{url.path}" == "https://pilotage.example.com/"
    assert params["snapshot"] == q4 and params["lang"] == "fr"
    assert abs(int(params["exp"]) - (time.time() + 7 * 86400)) < 60
    assert verify(params, "s3cret-for-tests") is None
    assert verify(params, "s3cret-for-tests", now=time.time() + 8 * 86400) == "expired"
    assert verify({**params, "snapshot": "000000000000"}, "s3cret-for-tests") == "not_signed"


def test_unsigned_link_warns(cli, two_boards):
    _, q4 = two_boards
    code, out, err = cli("link", q4, "--base-url", "http://localhost:8501", "--expires-days", "7")
    assert code == 0 and out.strip() == f"http://localhost:8501/?snapshot={q4}"
    assert "PILOTAGE_LINK_SECRET is not set" in err


@pytest.mark.parametrize(("args", "code", "message"), [
    (("export", "0123456789ab", "--out", "x.html"), 1, "snapshot '0123456789ab' does not exist"),
    (("decide", "0123456789ab", "--what", "x", "--owner", "y"), 1, "does not exist"),
    (("link", "{q4}", "--base-url", "http://h", "--expires-days", "0"), 1, "--expires-days must be more than 0"),
    (("decide", "{q4}", "--what", " ", "--owner", "CTO"), 1, "needs --what and --owner"),
])
def test_errors_are_one_line(cli, two_boards, args, code, message):
    args = tuple(a.format(q4=two_boards[1]) for a in args)
    got, _, err = cli(*args)
    assert got == code and message in err and "Traceback" not in err


def test_bad_usage_exits_2(cli, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["snapshot", "export", "abc", "--format", "docx", "--out", "x"])
    assert exit_info.value.code == 2 and "invalid choice: 'docx'" in capsys.readouterr().err
