"""`Store.load()` reads columns in bulk (the database joins each column into one text, split in C): every value must
come back exactly, including the texts that would confuse that encoding, on both engines."""

from __future__ import annotations

import pandas as pd
import pytest

from pilotage.core import store as store_module
from pilotage.core.model import TABLES, Batch, to_frame
from pilotage.core.store import SyncRecord

NOW = pd.Timestamp("2026-11-20T12:00Z")

PLAIN_TEXTS = [
    "",  # empty, not null
    "NULL",  # quote(NULL) on SQLite
    'say "hi", then \'bye\'',  # SQL quotes
    "line one\nline two\r\n",
    "Société générale — 東京 🚀",
    "x" * 1_000_000,  # 1 MB
    "\x1fa",  # starts with the null marker of the column reader, but is not it
    None,
]
# texts that make the column reader fall back to reading rows: its separator, or exactly its null marker
AMBIGUOUS_TEXTS = {"separator": "a\x1eb", "marker": "\x1f"}


def issues(summaries: list, *, ids: list[str] | None = None, points: list | None = None) -> pd.DataFrame:
    n = len(summaries)
    keys = ids or [f"P-{i}" for i in range(n)]
    return to_frame("issues", pd.DataFrame({
        "id": [f"jira:{k}" for k in keys], "source": "jira", "source_id": [str(i) for i in range(n)], "key": keys,
        "project": "P", "issue_type": "Story", "is_subtask": [i % 3 == 0 for i in range(n)],
        "summary": summaries, "status": "Done", "status_category": "done",
        "story_points": points if points is not None else [None] * n,
        "created_at": [pd.Timestamp("1969-07-20T20:17:40Z") + pd.Timedelta(days=400 * i) for i in range(n)],
        "updated_at": pd.Timestamp("9999-12-31T23:59:59.999Z"),
    }))


def write(store, frames: dict[str, pd.DataFrame], *, full: bool = True, refreshed: set[str] | None = None) -> None:
    store.apply_sync(Batch("jira", frames, full=full, refreshed=refreshed or set()),
                     SyncRecord("jira", "full" if full else "incremental", NOW))


def expected(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values(list(TABLES[name].key)).reset_index(drop=True)


@pytest.fixture
def row_reads(monkeypatch):
    """The tables the reader had to read row by row."""
    calls: list[str] = []
    real = store_module._rows
    monkeypatch.setattr(store_module, "_rows", lambda cur, name: calls.append(name) or real(cur, name))
    return calls


@pytest.mark.parametrize("ambiguous", [None, *AMBIGUOUS_TEXTS])
def test_texts_numbers_and_times_round_trip_exactly(store, row_reads, ambiguous):
    points = [0.1 + 0.2, 1e300, -2.5, 1 / 3, None, 5e-324, 13.0, 0.0]
    frame = issues(PLAIN_TEXTS, points=points)
    frame.loc[2, "resolution"] = ""
    if ambiguous:
        frame.loc[3, "labels"] = AMBIGUOUS_TEXTS[ambiguous]
    write(store, {"issues": frame})
    loaded = store.load().issues
    pd.testing.assert_frame_equal(loaded, expected("issues", frame))
    by_key = loaded.set_index("key")
    assert by_key.loc["P-0", "story_points"] == 0.1 + 0.2  # exact, not 0.3
    assert by_key.loc["P-0", "summary"] == "" and pd.isna(by_key.loc["P-7", "summary"])
    assert row_reads == (["issues"] if ambiguous else [])


def test_separator_inside_a_key_and_many_rows(store):
    keys = [f"P-{i}" for i in range(2000)]
    frame = issues([f"item {i}" for i in range(2000)], ids=keys)
    frame.loc[5, "fix_versions"] = "1.0\x1e2.0"
    write(store, {"issues": frame})
    pd.testing.assert_frame_equal(store.load().issues, expected("issues", frame))


def test_rows_appended_by_an_incremental_run_come_back_sorted(store):
    first = issues([f"gen1 {i}" for i in range(5)], ids=[f"P-{i}" for i in (1, 3, 5, 7, 9)])
    write(store, {"issues": first})
    update = issues(["gen2 a", "gen2 b"], ids=["P-2", "P-0"])
    update["source_id"] = ["20", "21"]
    write(store, {"issues": update}, full=False, refreshed=set(update["id"]))
    loaded = store.load().issues
    assert loaded["key"].tolist() == ["P-0", "P-1", "P-2", "P-3", "P-5", "P-7", "P-9"]
    pd.testing.assert_frame_equal(loaded, expected("issues", pd.concat([first, update])))


def test_multi_column_keys_are_sorted_column_by_column(store):
    changes = to_frame("status_changes", pd.DataFrame({
        "item_id": ["jira:P-2", "jira:P-10", "jira:P-2", "jira:P-1"], "source": "jira",
        "at": pd.Timestamp("2026-01-01T00:00Z"), "seq": [1, 0, 0, 0],
        "from_status": [None, None, "To Do", None], "to_status": ["Done", "To Do", "To Do", "To Do"],
    }))
    write(store, {"status_changes": changes})
    loaded = store.load().status_changes
    assert list(zip(loaded["item_id"], loaded["seq"])) == [("jira:P-1", 0), ("jira:P-10", 0), ("jira:P-2", 0),
                                                            ("jira:P-2", 1)]  # byte order, as SQL's BINARY


def test_empty_store_gives_typed_empty_frames(store):
    ds = store.load()
    for name in TABLES:
        assert ds.frames[name].empty
        assert ds.frames[name].dtypes.tolist() == to_frame(name, []).dtypes.tolist(), name


@pytest.mark.parametrize("table", ["sprints", "pull_requests"])
def test_columns_that_are_entirely_null(store, table):
    rows = {
        "sprints": [{"id": "jira:sprint:1", "source": "jira", "board_id": 1, "name": "S1", "state": "future"}],
        "pull_requests": [{"id": "github:a/b#1", "source": "github", "repo": "a/b", "number": 1, "state": "open",
                           "base_branch": "main", "created_at": "2026-01-01T00:00Z", "updated_at": "2026-01-01T00:00Z"}],
    }[table]
    frame = to_frame(table, rows)
    source = frame["source"].iloc[0]
    store.apply_sync(Batch(source, {table: frame}), SyncRecord(source, "full", NOW))
    pd.testing.assert_frame_equal(store.load().frames[table], frame)
