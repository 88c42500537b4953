"""Jira raw payloads → canonical frames (pilotage/core/model.py). Pure: no network, no clock, same input → same frames.

Inputs are the JSON documents as Jira returns them: issues from the search endpoints with their complete
changelog (`changelog.histories`), `/field`, `/status`, `/project/KEY/versions` and the agile sprints of each
board. `convert()` returns typed frames for issues, status_changes, field_changes, incidents, statuses, versions
and sprints, plus what it had to quarantine.

Conventions (model.py's docstring, applied to Jira):
- Times: any UTC offset (`+0200`, `-05:00`, `Z`) → UTC; a time without offset is taken as UTC. A changelog entry
  stamped before the issue's creation (imports, clock skew) is moved to the creation instant, so histories stay
  ordered after their synthetic creation row.
- status_changes: seq 0 at created_at, from_status null, to_status = the `fromString` of the first status change,
  else the current status; then one row per status change (seq 1…), oldest first.
- field_changes, per tracked field: seq 0 at created_at when the initial value is non-empty (initial = the first
  change's from-value, else the current value; for fix versions, the current set with the changes undone); then one
  row per changelog entry that changed the value (several items of one entry for the same field collapse into one
  row, no-op rows are dropped). Values: `sprint` = ascending namespaced ids `jira:sprint:12,jira:sprint:14`
  ("" = in no sprint); `fix_version` = version names sorted, comma-separated ("" = none); `story_points` = decimal
  text (`3`, `2.5`; null = not estimated); `due_date` = `YYYY-MM-DD` (null = none); `parent` = `jira:KEY` from the
  `parent` field or the company-managed "Epic Link" (changelog "Epic Link", "Parent", "IssueParentAssociation").
- Issues: `jira:KEY` ids with Jira's numeric id as `source_id`; empty labels / fix versions are null.
- Story points: the workspace's field (name or id), else every field named "Story Points" or "Story point
  estimate", in that order (Cloud sites often carry both; the first with a value wins).
- Bad data never stops the run: an unusable value is dropped (the item is kept); an issue without id, key,
  creation time, type, status or status category is quarantined with a reason naming the field.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import pandas as pd

from pilotage.core.errors import WorkspaceError
from pilotage.core.model import STATUS_CATEGORIES, TABLES, Quarantined, to_frame

SOURCE = "jira"
STORY_POINT_NAMES = ("story points", "story point estimate")
PARENT_FIELDS = ("epic link", "parent", "issueparentassociation")
SYSTEM_FIELDS = ("summary", "status", "issuetype", "project", "created", "updated", "resolutiondate", "resolution",
                 "labels", "duedate", "fixVersions", "parent")
_KEY = re.compile(r"^[A-Za-z][A-Za-z0-9_]*-\d+$")
_SPRINT_IN_TEXT = re.compile(r"\[id=(\d+)[,\]]")


class BadIssue(Exception):
    """An issue that cannot be converted; the message names the field."""


# --------------------------------------------------------------------------------------------------- reference


@dataclass(frozen=True)
class FieldIds:
    """The custom fields conversion needs, found in `/rest/api/2/field` by name (ids differ per site)."""

    story_points: tuple[tuple[str, str], ...] = ()  # (id, lower-case name), priority order
    sprint: tuple[str, str] | None = None
    epic_link: tuple[str, str] | None = None
    target: tuple[str, str] | None = None  # the custom date field of `jira.target = "field:…"`
    baseline: tuple[str, str] | None = None  # the custom date field of `jira.baseline_field = "field:…"`

    @classmethod
    def from_payload(cls, fields: list[dict], *, story_points_field: str = "", site: str = "",
                     target_field: str = "", baseline_field: str = "") -> FieldIds:
        by_name: dict[str, list[dict]] = {}
        for f in fields:
            if isinstance(f, dict) and isinstance(f.get("id"), str) and isinstance(f.get("name"), str):
                by_name.setdefault(f["name"].casefold(), []).append(f)
        if story_points_field:
            wanted = story_points_field.casefold()
            chosen = [f for f in fields if isinstance(f, dict) and f.get("id") == story_points_field]
            chosen = chosen or by_name.get(wanted, [])
            if not chosen:
                numeric = sorted(n for n, fs in by_name.items() if any(_is_number_field(f) for f in fs))
                raise WorkspaceError([
                    f"jira.story_points_field: no field named or with id {story_points_field!r} on {site} "
                    f"(number fields there: {', '.join(numeric[:15]) or 'none'})"
                ])
        else:
            chosen = [f for name in STORY_POINT_NAMES for f in by_name.get(name, [])]

        def one(name: str, custom_type: str) -> tuple[str, str] | None:
            candidates = by_name.get(name, [])
            typed = [f for f in candidates if (f.get("schema") or {}).get("custom") == custom_type]
            f = (typed or candidates or [None])[0]
            return (f["id"], f["name"].casefold()) if f else None

        def date_field(wanted: str, setting: str) -> tuple[str, str] | None:
            """A date field by id or name (case-insensitive); a name that fits none is a workspace error."""
            if not wanted:
                return None
            found = [f for f in fields if isinstance(f, dict) and f.get("id") == wanted] or by_name.get(
                wanted.casefold(), [])
            if not found:
                dates = sorted({f["name"] for fs in by_name.values() for f in fs
                                if (f.get("schema") or {}).get("type") in ("date", "datetime")})
                raise WorkspaceError([f"jira.{setting}: no field named or with id {wanted!r} on {site} "
                                      f"(date fields there: {', '.join(dates[:15]) or 'none'})"])
            return found[0]["id"], found[0]["name"].casefold()

        return cls(
            story_points=tuple((f["id"], f["name"].casefold()) for f in chosen),
            sprint=one("sprint", "com.pyxis.greenhopper.jira:gh-sprint"),
            epic_link=one("epic link", "com.pyxis.greenhopper.jira:gh-epic-link"),
            target=date_field(target_field, "target"),
            baseline=date_field(baseline_field, "baseline_field"),
        )

    def request_fields(self) -> list[str]:
        """The issue fields to ask the search for (ids, so the answer is small)."""
        extra = [i for i, _ in self.story_points] + [
            f[0] for f in (self.sprint, self.epic_link, self.target, self.baseline) if f]
        return list(SYSTEM_FIELDS) + list(dict.fromkeys(extra))


def _is_number_field(f: dict) -> bool:
    return (f.get("schema") or {}).get("type") == "number"


@dataclass(frozen=True)
class Reference:
    """Everything conversion needs besides the issues (all of it kept as raw payloads, so reconvert can rebuild)."""

    site_url: str
    fields: FieldIds
    statuses: list[dict] = field(default_factory=list)  # /rest/api/2/status
    versions: dict[str, list[dict]] = field(default_factory=dict)  # project key → /project/KEY/versions
    sprints: dict[str, list[dict]] = field(default_factory=dict)  # board id → /board/ID/sprint values
    incident_types: tuple[str, ...] = ("Incident",)
    incident_labels: tuple[str, ...] = ("incident",)


@dataclass
class Converted:
    """Canonical frames (model.TABLES names → typed frames) and what could not be converted."""

    frames: dict[str, pd.DataFrame]
    quarantined: list[Quarantined]
    issue_ids: dict[str, str]  # Jira numeric id → key, of every issue converted
    changelog_entries: int = 0
    unknown_statuses: set[str] = field(default_factory=set)


# --------------------------------------------------------------------------------------------------- values


def parse_time(value: object) -> datetime | None:
    """A Jira timestamp (`2024-01-02T10:00:00.000+0200`) as an aware UTC datetime; None when absent or malformed."""
    if not isinstance(value, str) or not value:
        return None
    try:
        dt = datetime.fromisoformat(value)
    except ValueError:
        return None
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)


def date_text(value: object) -> str | None:
    """`YYYY-MM-DD` from a Jira date (`2024-03-01`, or the changelog's `2024-03-01 00:00:00.0`); None if invalid."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        return None


def points_value(value: object) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        x = float(value)  # numbers, and the changelog's "3" / "2.5"
    except (TypeError, ValueError):
        return None
    return x if x == x and abs(x) != float("inf") else None


def points_text(value: object) -> str | None:
    x = points_value(value)
    return None if x is None else f"{x:.6f}".rstrip("0").rstrip(".")


def sprint_ids(value: object) -> list[int]:
    """Sprint ids from a field value (Cloud objects, Data Center `…Sprint@1a[id=37,…]` strings) or a changelog
    `from`/`to` (`"37, 38"`)."""
    if value is None:
        return []
    out: set[int] = set()
    for v in value if isinstance(value, list) else [value]:
        if isinstance(v, dict):
            v = v.get("id")
        if isinstance(v, int) and not isinstance(v, bool):
            out.add(v)
        elif isinstance(v, str):
            found = _SPRINT_IN_TEXT.findall(v)
            parts = found or [p.strip() for p in v.split(",")]
            out.update(int(p) for p in parts if p.isdigit())
    return sorted(out)


def sprint_text(ids: Iterable[int]) -> str:
    return ",".join(f"jira:sprint:{i}" for i in sorted(set(ids)))


def parent_text(value: object) -> str | None:
    if isinstance(value, dict):
        value = value.get("key")
    return f"jira:{value}" if isinstance(value, str) and _KEY.match(value) else None


def versions_text(names: Iterable[str]) -> str:
    return ",".join(sorted(set(names)))


# --------------------------------------------------------------------------------------------------- issues


def convert(issues: Iterable[dict], ref: Reference) -> Converted:
    """Convert raw issues and the reference payloads into canonical frames (see the module docstring)."""
    status_names = {s.get("name") for s in ref.statuses if isinstance(s, dict)}
    category_by_status = _status_categories(ref.statuses)
    rows: dict[str, list[dict]] = {"issues": [], "status_changes": [], "field_changes": [], "incidents": []}
    quarantined: list[Quarantined] = []
    issue_ids: dict[str, str] = {}
    seen_keys: dict[str, str] = {}
    entries = 0
    unknown: set[str] = set()
    incident_types = {t.casefold() for t in ref.incident_types}
    incident_labels = {t.casefold() for t in ref.incident_labels}
    for raw in issues:
        try:
            converted = _issue(raw, ref, category_by_status)
        except BadIssue as e:
            quarantined.append(_quarantine("issue", raw, str(e)))
            continue
        except Exception as e:  # a payload shape nobody foresaw must not stop the sync
            quarantined.append(_quarantine("issue", raw, f"cannot convert ({type(e).__name__}: {e})"))
            continue
        issue, statuses, fields, n_entries = converted
        if issue["key"] in seen_keys:  # two payloads claiming one key would break the table's primary key
            quarantined.append(_quarantine("issue", raw, f"key: also the key of issue {seen_keys[issue['key']]}"))
            continue
        seen_keys[issue["key"]] = issue["source_id"]
        issue_ids[issue["source_id"]] = issue["key"]
        entries += n_entries
        unknown.update(s for s in {r["to_status"] for r in statuses} | {issue["status"]} if s not in status_names)
        rows["issues"].append(issue)
        rows["status_changes"] += statuses
        rows["field_changes"] += fields
        labels = (issue["labels"] or "").split()
        if issue["issue_type"].casefold() in incident_types or any(x.casefold() in incident_labels for x in labels):
            rows["incidents"].append({
                "id": issue["id"], "source": SOURCE, "repo": None, "project": issue["project"],
                "title": issue["summary"], "created_at": issue["created_at"], "resolved_at": issue["resolved_at"],
                "url": issue["url"],
            })
    frames = {name: _sorted(name, r) for name, r in rows.items()}
    for name, (table_rows, bad) in (("statuses", _statuses(ref)), ("versions", _versions(ref)),
                                    ("sprints", _sprints(ref))):
        frames[name] = _sorted(name, table_rows)
        quarantined += bad
    return Converted(frames, quarantined, issue_ids, entries, unknown)


def _issue(raw: dict, ref: Reference, category_by_status: dict[str, str]) -> tuple[dict, list, list, int]:
    if not isinstance(raw, dict):
        raise BadIssue("not a JSON object")
    source_id, key = raw.get("id"), raw.get("key")
    if not isinstance(key, str) or not _KEY.match(key):
        raise BadIssue(f"key: missing or malformed ({key!r})")
    if source_id is None or not str(source_id).isdigit():
        raise BadIssue(f"id: missing or not numeric ({source_id!r})")
    f = raw.get("fields")
    if not isinstance(f, dict):
        raise BadIssue("fields: missing")
    created = parse_time(f.get("created"))
    if created is None:
        raise BadIssue(f"fields.created: missing or not a timestamp ({f.get('created')!r})")
    issuetype = f.get("issuetype") if isinstance(f.get("issuetype"), dict) else {}
    type_name = issuetype.get("name")
    if not isinstance(type_name, str) or not type_name:
        raise BadIssue("fields.issuetype.name: missing")
    status = f.get("status") if isinstance(f.get("status"), dict) else {}
    status_name = status.get("name")
    if not isinstance(status_name, str) or not status_name:
        raise BadIssue("fields.status.name: missing")
    category = ((status.get("statusCategory") or {}).get("key") if isinstance(status.get("statusCategory"), dict)
                else None)
    if category not in STATUS_CATEGORIES:
        category = category_by_status.get(str(status.get("id"))) or category_by_status.get(status_name)
    if category not in STATUS_CATEGORIES:
        raise BadIssue(f"fields.status.statusCategory: no usable category for status {status_name!r}")

    item_id = f"jira:{key}"
    project = f.get("project") if isinstance(f.get("project"), dict) else {}
    labels = [x for x in f.get("labels") or [] if isinstance(x, str) and x] if isinstance(f.get("labels"), list) else []
    versions = _version_names(f.get("fixVersions"))
    resolution = f.get("resolution") if isinstance(f.get("resolution"), dict) else {}
    points = next((p for p in (points_value(f.get(i)) for i, _ in ref.fields.story_points) if p is not None), None)
    sprint_field = ref.fields.sprint
    current = {
        "sprint": sprint_text(sprint_ids(f.get(sprint_field[0]))) if sprint_field else "",
        "story_points": points_text(points),
        "due_date": date_text(f.get("duedate")),
        "parent": parent_text(f.get("parent")) or (
            parent_text(f.get(ref.fields.epic_link[0])) if ref.fields.epic_link else None),
    }
    for kind, date_field in (("target_field", ref.fields.target), ("baseline_field", ref.fields.baseline)):
        if date_field:
            current[kind] = date_text(f.get(date_field[0]))
    issue = {
        "id": item_id, "source": SOURCE, "source_id": str(source_id), "key": key,
        "project": project.get("key") if isinstance(project.get("key"), str) else key.rsplit("-", 1)[0],
        "issue_type": type_name, "is_subtask": bool(issuetype.get("subtask")),
        "summary": f.get("summary") if isinstance(f.get("summary"), str) else None,
        "status": status_name, "status_category": category,
        "resolution": resolution.get("name") if isinstance(resolution.get("name"), str) else None,
        "labels": " ".join(labels) or None,
        "parent_id": current["parent"], "story_points": points, "due_date": current["due_date"],
        "fix_versions": versions_text(versions) or None,
        "created_at": created, "updated_at": parse_time(f.get("updated")) or created,
        "resolved_at": parse_time(f.get("resolutiondate")),
        "url": f"{ref.site_url}/browse/{key}",
    }
    histories = _histories(raw, created)
    statuses = _status_rows(item_id, created, status_name, histories)
    fields = _field_rows(item_id, created, current, versions, histories, ref.fields)
    return issue, statuses, fields, len(histories)


def _histories(raw: dict, created: datetime) -> list[tuple[datetime, list[dict]]]:
    """(instant, items) of each usable changelog entry, oldest first (Cloud may embed newest first)."""
    changelog = raw.get("changelog") if isinstance(raw.get("changelog"), dict) else {}
    out = []
    for h in changelog.get("histories") or []:
        if not isinstance(h, dict):
            continue
        at = parse_time(h.get("created"))
        items = [i for i in h.get("items") or [] if isinstance(i, dict)]
        if at is None or not items:
            continue  # an entry without a usable time cannot be placed in the history
        hid = str(h.get("id", ""))
        out.append((max(at, created), int(hid) if hid.isdigit() else 0, items))
    out.sort(key=lambda x: (x[0], x[1]))
    return [(at, items) for at, _, items in out]


def _status_rows(item_id: str, created: datetime, current: str, histories) -> list[dict]:
    changes = [(at, i.get("fromString"), i.get("toString")) for at, items in histories for i in items
               if str(i.get("field", "")).casefold() == "status" and isinstance(i.get("toString"), str)]
    first_from = changes[0][1] if changes else None
    initial = first_from if isinstance(first_from, str) and first_from else current
    rows = [{"item_id": item_id, "source": SOURCE, "at": created, "seq": 0, "from_status": None, "to_status": initial}]
    for seq, (at, old, new) in enumerate(changes, 1):
        rows.append({"item_id": item_id, "source": SOURCE, "at": at, "seq": seq,
                     "from_status": old if isinstance(old, str) else None, "to_status": new})
    return rows


def _trackeds(item: dict, ids: FieldIds) -> list[str]:
    """Which tracked fields a changelog item changes (a date field may serve as target and baseline at once)."""
    name = str(item.get("field", "")).casefold()
    fid = item.get("fieldId")
    dates = [kind for kind, f in (("target_field", ids.target), ("baseline_field", ids.baseline))
             if f and (fid == f[0] or name == f[1])]
    standard = _standard_field(name, fid, ids)
    return ([standard] if standard else []) + dates


def _standard_field(name: str, fid: object, ids: FieldIds) -> str | None:
    if (ids.sprint and fid == ids.sprint[0]) or name == "sprint":
        return "sprint"
    if any(fid == i or name == n for i, n in ids.story_points):
        return "story_points"
    if fid == "duedate" or name == "duedate":
        return "due_date"
    if fid == "fixVersions" or name == "fix version":
        return "fix_version"
    if (ids.epic_link and fid == ids.epic_link[0]) or fid == "parent" or name in PARENT_FIELDS:
        return "parent"
    return None


def _item_values(kind: str, item: dict) -> tuple[str | None, str | None]:
    if kind == "sprint":
        return sprint_text(sprint_ids(item.get("from"))), sprint_text(sprint_ids(item.get("to")))
    if kind == "story_points":
        return points_text(item.get("fromString") or item.get("from")), points_text(item.get("toString") or item.get("to"))
    if kind in ("due_date", "target_field", "baseline_field"):
        return (date_text(item.get("from")) or date_text(item.get("fromString")),
                date_text(item.get("to")) or date_text(item.get("toString")))
    return parent_text(item.get("fromString")), parent_text(item.get("toString"))


def _field_rows(item_id: str, created: datetime, current: dict, versions: list[str], histories,
                ids: FieldIds) -> list[dict]:
    events: dict[str, list[tuple[datetime, str | None, str | None]]] = {k: [] for k in current}
    version_ops: list[tuple[datetime, set[str], set[str]]] = []
    for at, items in histories:
        per_field: dict[str, list[str | None]] = {}
        removed: set[str] = set()
        added: set[str] = set()
        for item, kind in ((i, k) for i in items for k in _trackeds(i, ids)):
            if kind == "fix_version":  # one item per version added or removed
                if isinstance(item.get("fromString"), str) and item["fromString"]:
                    removed.add(item["fromString"])
                if isinstance(item.get("toString"), str) and item["toString"]:
                    added.add(item["toString"])
                continue
            old, new = _item_values(kind, item)
            if kind in per_field:
                per_field[kind][1] = new
            else:
                per_field[kind] = [old, new]
        for kind, (old, new) in per_field.items():
            if old != new:
                events[kind].append((at, old, new))
        if removed or added:
            version_ops.append((at, removed, added))

    rows: list[dict] = []
    for kind, changes in events.items():
        initial = changes[0][1] if changes else current[kind]
        rows += _rows(item_id, kind, created, initial, changes)
    state = set(versions)
    for _, removed, added in reversed(version_ops):
        state = (state - added) | removed
    initial_versions = versions_text(state)
    changes = []
    for at, removed, added in version_ops:
        new = (state - removed) | added
        if new != state:
            changes.append((at, versions_text(state), versions_text(new)))
        state = new
    rows += _rows(item_id, "fix_version", created, initial_versions, changes)
    return rows


def _rows(item_id: str, kind: str, created: datetime, initial: str | None, changes) -> list[dict]:
    rows = []
    if initial:
        rows.append({"item_id": item_id, "source": SOURCE, "at": created, "seq": 0, "field": kind,
                     "from_value": None, "to_value": initial})
    for seq, (at, old, new) in enumerate(changes, 1):
        rows.append({"item_id": item_id, "source": SOURCE, "at": at, "seq": seq, "field": kind,
                     "from_value": old, "to_value": new})
    return rows


def _version_names(value: object) -> list[str]:
    if not isinstance(value, list):
        return []
    return [v["name"] for v in value if isinstance(v, dict) and isinstance(v.get("name"), str) and v["name"]]


# --------------------------------------------------------------------------------------------------- reference tables


def _status_categories(statuses: list[dict]) -> dict[str, str]:
    out: dict[str, str] = {}
    for s in statuses:
        if isinstance(s, dict) and isinstance(s.get("statusCategory"), dict):
            for k in (str(s.get("id")), s.get("name")):
                out.setdefault(k, s["statusCategory"].get("key"))
    return out


def _statuses(ref: Reference) -> tuple[list[dict], list[Quarantined]]:
    rows, bad, seen = [], [], set()
    for s in ref.statuses:
        sid = s.get("id") if isinstance(s, dict) else None
        category = (s.get("statusCategory") or {}).get("key") if isinstance(s, dict) else None
        if sid is None or not isinstance(s.get("name"), str) or category not in STATUS_CATEGORIES:
            bad.append(_quarantine("status", s, f"statusCategory.key: {category!r} is not one of "
                                                f"{', '.join(STATUS_CATEGORIES)} (or id/name missing)"))
            continue
        if str(sid) not in seen:
            seen.add(str(sid))
            rows.append({"id": f"jira:status:{sid}", "source": SOURCE, "name": s["name"], "category": category})
    return rows, bad


def _versions(ref: Reference) -> tuple[list[dict], list[Quarantined]]:
    rows, bad, seen = [], [], set()
    for project, versions in sorted(ref.versions.items()):
        for v in versions:
            vid = v.get("id") if isinstance(v, dict) else None
            if vid is None or not isinstance(v.get("name"), str):
                bad.append(_quarantine("version", v, "id or name: missing"))
                continue
            if str(vid) not in seen:
                seen.add(str(vid))
                rows.append({"id": f"jira:version:{vid}", "source": SOURCE, "project": project, "name": v["name"],
                             "release_date": date_text(v.get("releaseDate")), "released": bool(v.get("released"))})
    return rows, bad


def _sprints(ref: Reference) -> tuple[list[dict], list[Quarantined]]:
    rows, bad, seen = [], [], set()
    for board, sprints in sorted(ref.sprints.items(), key=lambda kv: int(kv[0])):
        for s in sprints:
            sid = s.get("id") if isinstance(s, dict) else None
            if not isinstance(sid, int) or isinstance(sid, bool) or not isinstance(s.get("name"), str):
                bad.append(_quarantine("sprint", s, "id or name: missing"))
                continue
            if sid in seen:  # a sprint shared by several boards
                continue
            seen.add(sid)
            origin = s.get("originBoardId")
            board_id = origin if isinstance(origin, int) else int(board)
            rows.append({
                "id": f"jira:sprint:{sid}", "source": SOURCE, "board_id": board_id, "name": s["name"],
                "state": str(s.get("state") or "").lower() or "future",
                "start_at": parse_time(s.get("startDate")), "end_at": parse_time(s.get("endDate")),
                "complete_at": parse_time(s.get("completeDate")),
                "goal": s.get("goal") if isinstance(s.get("goal"), str) and s.get("goal") else None,
                "url": f"{ref.site_url}/secure/RapidBoard.jspa?rapidView={board_id}",
            })
    return rows, bad


# --------------------------------------------------------------------------------------------------- helpers


def _quarantine(kind: str, raw: object, reason: str) -> Quarantined:
    key = ""
    if isinstance(raw, dict):
        key = str(raw.get("key") or raw.get("id") or "")
    return Quarantined(SOURCE, kind, key, f"{kind} {key}: {reason}".replace("  ", " "), json.dumps(raw, default=str))


def _sorted(table: str, rows: list[dict]) -> pd.DataFrame:
    frame = to_frame(table, rows)
    return frame.sort_values(list(TABLES[table].key), kind="stable").reset_index(drop=True)
