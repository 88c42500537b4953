"""Volume measurements of the GitHub connector against the emulator (`pytest -m slow -s tests/test_github_volume.py`).

Prints requests per 100 PRs and wall times; asserts only request counts, which are exact (never a timing).
Synthetic repository (emulators/github.py `synthetic_repo`): of every 10 PRs 8 are merged into the default
branch; a production and a staging deployment every 10 PRs (so D = P / 5).
"""

from __future__ import annotations

import math
import time

import pytest

from connectors.github import connector_for
from emulators.github import FakeClock, GitHubEmulator, synthetic_repo
from pilotage.core.workspace import parse_workspace
from tests.selection import slow_selected

pytestmark = pytest.mark.slow

TOKEN_ENV = "PILOTAGE_TEST_GITHUB_TOKEN"
REPO = "acme/platform"


@pytest.fixture(autouse=True)
def only_when_asked(request, monkeypatch):
    if not slow_selected(request.config):
        pytest.skip("volume measurement: run with -m slow")
    monkeypatch.setenv(TOKEN_ENV, "t")


def expected_full_requests(prs: int, *, first_commit: bool) -> int:
    deployments = 2 * (prs // 10)
    merged = 8 * (prs // 10) + sum(1 for i in range(1, prs % 10 + 1) if i not in (9, 0))
    return (1 + math.ceil(prs / 100) + (merged if first_commit else 0) + 1
            + max(1, math.ceil(deployments / 100)) + deployments + 1)


def sync(emu, clock, *, first_commit: bool, watermark=None, **options):
    ws = parse_workspace({"github": {"url": emu.url, "repos": [REPO], "token_env": TOKEN_ENV,
                                     "first_commit": first_commit}})
    c = connector_for(ws, seconds_between_requests=0, sleep=clock.sleep, clock=clock, **options)
    t0 = time.perf_counter()
    result = c.fetch(watermark=watermark, full=watermark is None, progress=lambda *a: None)
    return result, time.perf_counter() - t0


@pytest.mark.parametrize("first_commit", [True, False])
def test_a_2000_pr_sync_and_an_incremental_run_after_1_percent_changes(first_commit):
    clock = FakeClock()
    with GitHubEmulator({REPO: synthetic_repo(2000)}, token="t", clock=clock) as emu:
        full, seconds = sync(emu, clock, first_commit=first_commit)
        assert full.stats["requests"] == expected_full_requests(2000, first_commit=first_commit)
        pr_related = 20 + full.stats["first_commit_requests"]  # PR pages + first commits
        print(f"\n2,000 PRs, first_commit={first_commit}: {full.stats['requests']} requests "
              f"({full.stats['requests'] / 20:.1f} per 100 PRs, of which {pr_related / 20:.1f} for the PRs and the "
              f"rest for 400 deployments), {seconds:.1f} s")
        clock.advance(86400)
        changed = range(1981, 2001)  # 1%: the 20 newest PRs get merged or edited
        for n in changed:
            emu.update_pull(REPO, n, title=f"PAY-{n} edited")
        emu.clear_requests()
        inc, inc_seconds = sync(emu, clock, first_commit=first_commit, watermark=full.watermark)
        merged = sum(1 for n in changed if n % 10 not in (9, 0))
        assert inc.stats["requests"] == 5 + (merged if first_commit else 0)
        assert inc.stats["pull_requests"] == 20
        print(f"incremental after 20 changed PRs: {inc.stats['requests']} requests, {inc_seconds:.2f} s")


def test_a_5000_pr_repository_against_a_5000_request_budget():
    """The first sync needs more than one hour's budget with first commits on: it waits for the reset (fake clock)
    and completes; without first commits it fits."""
    clock = FakeClock()
    with GitHubEmulator({REPO: synthetic_repo(5000)}, token="t", clock=clock, budget=5000) as emu:
        on, seconds_on = sync(emu, clock, first_commit=True)
        assert on.stats["requests"] == expected_full_requests(5000, first_commit=True) == 5063
        assert on.stats["rate_limit_waits"] == 1
        print(f"\n5,000 PRs (1,000 deployments), first_commit=True: {on.stats['requests']} requests, "
              f"{on.stats['rate_limit_waits']} wait for the reset, {seconds_on:.1f} s of work")
    clock = FakeClock()
    with GitHubEmulator({REPO: synthetic_repo(5000)}, token="t", clock=clock, budget=5000) as emu:
        off, seconds_off = sync(emu, clock, first_commit=False)
        assert off.stats["requests"] == 1063 and off.stats["rate_limit_waits"] == 0
        print(f"5,000 PRs, first_commit=False: {off.stats['requests']} requests, no wait, {seconds_off:.1f} s")
