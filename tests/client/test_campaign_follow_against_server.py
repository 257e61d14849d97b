"""`client.campaign_follow` against the real reference server (in-process, seeded database).

The demo's RENTRE123 was taken by 20 students: 3 are in the test, 3 finished without
sending, 14 sent their results; PROFIL456 received 3 profiles (a 4th is not sent).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from api_client import (
    Campaign,
    NoSessionError,
    NotFoundError,
    PermissionDeniedError,
    PixClient,
)
from server.app import create_app

PASSWORD = "Pix12345"
BASE = "http://pix.localhost"
COLLEGE = "Collège Pix (DEMO)"


@pytest.fixture
async def server_app(seeded_url: str) -> AsyncIterator[FastAPI]:
    app = create_app(seeded_url)
    yield app
    await app.state.database.dispose()


@pytest.fixture
def make_client(server_app: FastAPI) -> Callable[..., PixClient]:
    def make(transport: httpx.AsyncBaseTransport | None = None) -> PixClient:
        return PixClient(BASE, transport=transport or httpx.ASGITransport(app=server_app))

    return make


async def _campaign(client: PixClient, code: str) -> Campaign:
    await client.login("prof@example.net", PASSWORD)
    prescriber = await client.orga.prescriber()
    college = next(o.id for o in prescriber.organizations if o.name == COLLEGE)
    async for campaign in client.campaigns.iterate(college):
        if campaign.code == code:
            return await client.campaigns.get(campaign.id)
    raise AssertionError(code)


async def test_following_the_demo_class(make_client) -> None:  # type: ignore[no-untyped-def]
    async with make_client() as client:
        rentree = await _campaign(client, "RENTRE123")
        follow = client.campaign_follow

        page = await follow.participants(rentree.id, page_size=25)
        assert page.meta.row_count == 20 and len(page) == 20
        assert page.unchanged is False
        last_names = [row.last_name or "" for row in page]
        assert last_names == sorted(last_names, key=str.lower)
        statuses = [row.status for row in page]
        assert (statuses.count("STARTED"), statuses.count("TO_SHARE")) == (3, 3)
        assert statuses.count("SHARED") == 14

        waiting = await follow.participants(rentree.id, status="TO_SHARE")
        assert [row.status for row in waiting] == ["TO_SHARE"] * 3
        first = page.items[0]
        found = await follow.participants(rentree.id, search=first.full_name)
        assert [row.id for row in found] == [first.id]
        with pytest.raises(ValueError):
            await follow.participants(rentree.id, status="FINISHED")

        # the same page again: the server says 304, the remembered page comes back
        again = await follow.participants(rentree.id, page_size=25)
        assert again.unchanged is True
        assert again.items == page.items and again.meta == page.meta

        shared = next(row for row in page if row.is_shared)
        assert shared.last_campaign_participation_id is not None
        detail = await follow.participant(rentree.id, shared.last_campaign_participation_id)
        assert detail.participation_status == "SHARED" and detail.progression == 1
        assert detail.mastery_rate is not None and detail.validated_skills_count is not None
        assert detail.targeted_skills_count == 28
        results = await follow.participant_results(rentree.id, detail.id)
        assert [c.index for c in results.competence_results] == sorted(
            c.index or "" for c in results.competence_results
        )
        assert sum(c.validated_skills_count or 0 for c in results.competence_results) == (
            detail.validated_skills_count
        )
        attempts = await follow.participant_attempts(rentree.id, shared.learner_id)
        assert [(a.id, a.status) for a in attempts] == [(detail.id, "SHARED")]

        in_test = next(row for row in page if row.status == "STARTED")
        hidden = await follow.participant(rentree.id, in_test.last_campaign_participation_id or 0)
        assert hidden.mastery_rate is None and hidden.progression is not None
        assert hidden.participation_status == "STARTED"
        assert (await follow.participant_results(rentree.id, hidden.id)).competence_results == []

        board = await follow.assessment_results(rentree.id, page_size=50)
        assert board.meta.row_count == 14
        assert {row.id for row in board} == {
            row.last_campaign_participation_id for row in page if row.is_shared
        }

        collective = await follow.collective_results(rentree.id)
        assert len(collective.competences) == 6
        targeted = sum(c.targeted_skills_count or 0 for c in collective.competences)
        validated = sum(c.average_validated_skills or 0 for c in collective.competences)
        assert rentree.average_result == pytest.approx(validated / targeted)
        assert all(0 <= (c.average_rate or 0) <= 1 for c in collective.competences)

        statistics = await follow.statistics(rentree.id)
        assert (statistics.started, statistics.completed, statistics.shared) == (3, 3, 14)
        assert statistics.total == 20
        assert statistics.started_by_day[-1].count == 20
        assert statistics.shared_by_day[-1].count == 14
        days = [item.day for item in statistics.started_by_day]
        assert days == sorted(days)
        distribution = await follow.result_distribution(rentree.id)
        assert sum(item.count for item in distribution) == 14

        with pytest.raises(NotFoundError):
            await follow.participant(rentree.id, 999_999)


async def test_a_newcomer_changes_the_page(make_client) -> None:  # type: ignore[no-untyped-def]
    async with make_client() as teacher, make_client() as student:
        rentree = await _campaign(teacher, "RENTRE123")
        before = await teacher.campaign_follow.participants(rentree.id, status="STARTED")
        assert (await teacher.campaign_follow.participants(rentree.id, status="STARTED")).unchanged

        await student.login("eleve@example.net", PASSWORD)
        await student.app.join(rentree.id)

        after = await teacher.campaign_follow.participants(rentree.id, status="STARTED")
        assert after.unchanged is False
        assert after.meta.row_count == before.meta.row_count + 1
        assert "Léa Petit" in [row.full_name for row in after]
        statistics = await teacher.campaign_follow.statistics(rentree.id)
        assert statistics.started == 4


async def test_profiles_received(make_client) -> None:  # type: ignore[no-untyped-def]
    async with make_client() as client:
        profiles = await _campaign(client, "PROFIL456")
        follow = client.campaign_follow

        page = await follow.profiles_participations(profiles.id)
        assert page.meta.row_count == 3
        for row in page:
            assert row.pix_score is not None and row.shared_at is not None
            assert row.certifiable is not None
        profile = await follow.profile_participant(profiles.id, page.items[0].id)
        assert profile.is_shared is True
        assert len(profile.competences) == 16
        assert sum(c.pix_score or 0 for c in profile.competences) == profile.pix_score
        assert profile.external_id == page.items[0].participant_external_id


async def test_another_organisation_is_refused(make_client) -> None:  # type: ignore[no-untyped-def]
    async with make_client() as client:
        await client.login("prof@example.net", PASSWORD)
        prescriber = await client.orga.prescriber()
        lycee = next(o.id for o in prescriber.organizations if o.name == "Lycée Pix (DEMO)")
        lycee_campaign = (await client.campaigns.list(lycee)).items[0]
        assert (await client.campaign_follow.participants(lycee_campaign.id)).meta is not None
    async with make_client() as stranger:
        await stranger.login("prof2@example.net", PASSWORD)  # works in the collège only
        with pytest.raises(PermissionDeniedError):
            await stranger.campaign_follow.participants(lycee_campaign.id)
        with pytest.raises(PermissionDeniedError):
            await stranger.campaign_follow.export_csv(lycee_campaign, Path("/nonexistent"))
    async with make_client() as student:
        await student.login("eleve@example.net", PASSWORD)
        # a student has no Pix Orga space at all: refused before any request
        with pytest.raises(NoSessionError):
            await student.campaign_follow.participants(lycee_campaign.id)


async def test_export_to_a_folder(make_client, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    async with make_client() as client:
        rentree = await _campaign(client, "RENTRE123")
        progress: list[tuple[int, int | None]] = []
        folder = tmp_path / "exports"
        folder.mkdir()

        result = await client.campaign_follow.export_csv(
            rentree, folder, on_progress=lambda done, total: progress.append((done, total))
        )

        assert result.path.parent == folder
        assert result.path.name.startswith(f"Resultats-Parcours de rentrée 5e-{rentree.id}-")
        assert result.path.suffix == ".csv"
        content = result.path.read_bytes()
        assert content.startswith('\ufeff"Nom de l\'organisation"'.encode())
        assert result.bytes == len(content)
        assert result.rows == 14  # only the results that were sent
        assert progress and progress[-1][0] == len(content)
        assert [done for done, _ in progress] == sorted(done for done, _ in progress)
        assert list(folder.iterdir()) == [result.path]  # no temporary file left

        # by id and to an exact path, as a profiles collection
        profiles = await _campaign(client, "PROFIL456")
        target = folder / "profils.csv"
        saved = await client.campaign_follow.export_csv(profiles.id, target)
        assert saved.path == target and saved.rows == 3
        assert "Nombre de pix total" in target.read_text(encoding="utf-8-sig").splitlines()[0]
