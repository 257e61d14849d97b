"""`client.campaigns` against the real reference server (in-process, seeded database).

The demo collège holds 30 campaigns (25 active, 5 archived); prof@example.net is its ADMIN,
prof2@example.net a MEMBER who owns 14 of them (11 active).
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Callable

import httpx
import pytest
from fastapi import FastAPI

from api_client import (
    Campaign,
    CampaignDraft,
    CampaignUpdate,
    PermissionDeniedError,
    PixClient,
    PreconditionFailedError,
    ValidationError,
)
from server.app import create_app

PASSWORD = "Pix12345"
BASE = "http://pix.localhost"
COLLEGE = "Collège Pix (DEMO)"
LYCEE = "Lycée Pix (DEMO)"
GENERATED_CODE = re.compile(r"^[A-HJ-NP-Z]{6}[1-9]{3}$")
RENTREE_PROFILE = "[CLG] Parcours de rentrée 5e"


@pytest.fixture
async def server_app(seeded_url: str) -> AsyncIterator[FastAPI]:
    app = create_app(seeded_url)
    yield app
    await app.state.database.dispose()


class LosesFirstCreateAnswer(httpx.AsyncBaseTransport):
    """The server creates the campaign, but the answer never reaches the client (a
    dropped connection), once; fault injection for the retry."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.lost = 0
        self.keys: list[str | None] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        if request.method == "POST" and request.url.path == "/api/campaigns":
            self.keys.append(request.headers.get("Idempotency-Key"))
            if self.lost == 0:
                self.lost += 1
                await response.aclose()
                raise httpx.ReadError("connection reset", request=request)
        return response


@pytest.fixture
def make_client(server_app: FastAPI) -> Callable[..., PixClient]:
    def make(transport: httpx.AsyncBaseTransport | None = None) -> PixClient:
        return PixClient(BASE, transport=transport or httpx.ASGITransport(app=server_app))

    return make


async def _logged_in(client: PixClient, email: str) -> dict[str, str]:
    """Log in; the ids of the user's organisations, by name."""
    await client.login(email, PASSWORD)
    prescriber = await client.orga.prescriber()
    return {o.name or "": o.id for o in prescriber.organizations}


async def _by_name(client: PixClient, organization: str, name: str) -> Campaign:
    page = await client.campaigns.list(organization, name=name, page_size=100)
    page_archived = await client.campaigns.list(organization, name=name, archived=True)
    found = [c for c in [*page, *page_archived] if c.name == name]
    assert len(found) == 1, name
    return await client.campaigns.get(found[0].id)


async def test_list_pages_and_tab_counts(make_client) -> None:
    async with make_client() as client:
        orgs = await _logged_in(client, "prof@example.net")
        first = await client.campaigns.list(orgs[COLLEGE])
        second = await client.campaigns.list(orgs[COLLEGE], page=2, page_size=10)
        past = await client.campaigns.list(orgs[COLLEGE], page=9)
        everything = [c async for c in client.campaigns.iterate(orgs[COLLEGE], page_size=10)]

    assert (first.meta.row_count, first.meta.page_count, first.number) == (25, 3, 1)
    assert (first.ongoing_count, first.archived_count, first.has_campaigns) == (25, 5, True)
    assert first.has_next and not first.has_previous
    assert len(first) == 10 and len(second) == 10
    assert not {c.id for c in first} & {c.id for c in second}
    assert first.items[0].created_at is not None and second.items[0].created_at is not None
    assert first.items[-1].created_at >= second.items[0].created_at  # type: ignore[operator]
    assert past.items == [] and past.meta.page_count == 3
    assert len({c.id for c in everything}) == 25


async def test_filters(make_client) -> None:
    async with make_client() as client:
        orgs = await _logged_in(client, "prof2@example.net")
        college = orgs[COLLEGE]
        mine = await client.campaigns.list(college, owned_by_me=True, page_size=100)
        archived = await client.campaigns.list(college, archived=True)
        by_name = await client.campaigns.list(college, name="sécurité numérique")
        by_owner = await client.campaigns.list(college, owner_name="moreau", name="profils")

    assert {c.owner_full_name for c in mine} == {"Julien Bernard"}
    assert (mine.ongoing_count, mine.archived_count) == (11, 3)
    assert all(c.is_archived for c in archived) and archived.meta.row_count == 5
    assert sorted(c.name or "" for c in by_name) == [
        "Sécurité numérique 4e A",
        "Sécurité numérique 4e B",
        "Sécurité numérique 5e",
    ]
    assert [c.name for c in by_owner] == ["Collecte des profils 3e", "Profils Pix 6e"]


async def test_create_an_assessment_for_a_colleague(make_client) -> None:
    async with make_client() as client:
        orgs = await _logged_in(client, "prof@example.net")
        college = orgs[COLLEGE]
        profiles = await client.campaigns.target_profiles(college)
        members = await client.orga.member_identities(college)
        rentree = next(p for p in profiles if p.name == RENTREE_PROFILE)
        julien = next(m for m in members if m.display_name == "Julien Bernard")

        created = await client.campaigns.create(
            CampaignDraft(
                organization_id=int(college),
                name="Parcours de rentrée 5e C",
                type="ASSESSMENT",
                owner_id=int(julien.id),
                target_profile_id=int(rentree.id),
                title="Bienvenue",
                multiple_sendings=True,
                external_id_label="Numéro d'élève",
                external_id_type="STRING",
            )
        )
        reread = await client.campaigns.get(created.id)

    assert rentree.tube_count == 10 and rentree.category == "BACK_TO_SCHOOL"
    assert rentree.documentation_url is not None
    assert GENERATED_CODE.match(created.code or "")
    assert created.owner_id == julien.id
    assert created.target_profile_name == RENTREE_PROFILE
    assert (created.title, created.multiple_sendings) == ("Bienvenue", True)
    assert created.external_id_label == "Numéro d'élève"
    assert reread.model_dump() == created.model_dump()


async def test_create_a_profiles_collection(make_client) -> None:
    async with make_client() as client:
        orgs = await _logged_in(client, "prof2@example.net")
        created = await client.campaigns.create(
            CampaignDraft(
                organization_id=int(orgs[COLLEGE]),
                name="Profils 3e B",
                type="PROFILES_COLLECTION",
                custom_landing_page_text="Envoyez vos profils avant vendredi.",
            )
        )
    assert created.is_profiles_collection
    assert created.owner_full_name == "Julien Bernard"  # the creator by default
    assert created.custom_landing_page_text == "Envoyez vos profils avant vendredi."
    assert created.direct_link() == f"https://app.pix.fr/campagnes/{created.code}"


async def test_refused_drafts_name_their_fields(make_client) -> None:
    async with make_client() as client:
        orgs = await _logged_in(client, "prof@example.net")
        college = int(orgs[COLLEGE])
        with pytest.raises(ValidationError) as empty:
            await client.campaigns.create(
                CampaignDraft(organization_id=college, name="", type="ASSESSMENT")
            )
        with pytest.raises(ValidationError) as no_type:
            await client.campaigns.create(
                CampaignDraft(
                    organization_id=college,
                    name="Sans objectif",
                    title="t" * 51,
                    custom_landing_page_text="x" * 5001,
                    external_id_label="ab",
                    external_id_type="STRING",
                )
            )
        await client.login("eleve@example.net", PASSWORD)
        student_id = client.session.user_id if client.session else 0
        await client.login("prof@example.net", PASSWORD)
        with pytest.raises(ValidationError) as outsider:
            await client.campaigns.create(
                CampaignDraft(
                    organization_id=college,
                    name="Pour un élève ?",
                    type="PROFILES_COLLECTION",
                    owner_id=student_id,
                )
            )

    assert empty.value.status == 422
    assert empty.value.field_errors == {
        "name": "CAMPAIGN_NAME_IS_REQUIRED",
        "target-profile": "TARGET_PROFILE_IS_REQUIRED",
    }
    assert no_type.value.field_errors == {
        "type": "CAMPAIGN_PURPOSE_IS_REQUIRED",
        "title": "CAMPAIGN_TITLE_IS_TOO_LONG",
        "custom-landing-page-text": "CUSTOM_LANDING_PAGE_TEXT_IS_TOO_LONG",
        "external-id-label": "EXTERNAL_USER_ID_IS_REQUIRED",
    }
    assert outsider.value.field_errors == {"owner": "OWNER_NOT_IN_ORGANIZATION"}


async def test_a_lost_answer_is_retried_without_a_second_campaign(make_client, server_app) -> None:
    transport = LosesFirstCreateAnswer(httpx.ASGITransport(app=server_app))
    async with make_client(transport) as client:
        orgs = await _logged_in(client, "prof@example.net")
        college = orgs[COLLEGE]
        before = (await client.campaigns.list(college, name="Une seule")).meta.row_count
        created = await client.campaigns.create(
            CampaignDraft(
                organization_id=int(college), name="Une seule", type="PROFILES_COLLECTION"
            )
        )
        after = await client.campaigns.list(college, name="Une seule")

    assert transport.lost == 1
    assert len(transport.keys) == 2 and transport.keys[0] == transport.keys[1] is not None
    assert before == 0 and after.meta.row_count == 1
    assert after.items[0].id == created.id


async def test_update_archive_unarchive(make_client) -> None:
    async with make_client() as client:
        orgs = await _logged_in(client, "prof2@example.net")
        mine = await _by_name(client, orgs[COLLEGE], "Sécurité numérique 4e B")

        updated = await client.campaigns.update(
            mine.id,
            CampaignUpdate.from_campaign(mine).with_changes(
                name="Sécurité numérique 4e B (2e trimestre)", title="Trimestre 2"
            ),
        )
        with pytest.raises(ValidationError) as too_long:
            await client.campaigns.update(
                mine.id, CampaignUpdate.from_campaign(updated).with_changes(title="t" * 51)
            )
        archived = await client.campaigns.archive(mine.id)
        with pytest.raises(PreconditionFailedError) as twice:
            await client.campaigns.archive(mine.id)
        unarchived = await client.campaigns.unarchive(mine.id)

    assert (updated.name, updated.title, updated.code) == (
        "Sécurité numérique 4e B (2e trimestre)",
        "Trimestre 2",
        mine.code,
    )
    assert too_long.value.field_errors == {"title": "CAMPAIGN_TITLE_IS_TOO_LONG"}
    assert archived.is_archived is True
    assert twice.value.detail == "Cette campagne est déjà archivée."
    assert unarchived.is_archived is False


async def test_a_member_may_not_manage_a_colleagues_campaign(make_client) -> None:
    async with make_client() as client:
        orgs = await _logged_in(client, "prof2@example.net")
        rentree = await _by_name(client, orgs[COLLEGE], "Parcours de rentrée 5e")
        with pytest.raises(PermissionDeniedError) as update:
            await client.campaigns.update(
                rentree.id, CampaignUpdate.from_campaign(rentree).with_changes(name="Piratée")
            )
        with pytest.raises(PermissionDeniedError):
            await client.campaigns.archive(rentree.id)
        still = await client.campaigns.get(rentree.id)

        await client.login("prof@example.net", PASSWORD)
        lycee_campaigns = await client.campaigns.list(await _lycee_id(client))
        await client.login("prof2@example.net", PASSWORD)
        with pytest.raises(PermissionDeniedError):
            await client.campaigns.get(lycee_campaigns.items[0].id)

    assert update.value.status == 403
    assert (still.name, still.is_archived) == ("Parcours de rentrée 5e", False)


async def _lycee_id(client: PixClient) -> str:
    prescriber = await client.orga.prescriber()
    return next(o.id for o in prescriber.organizations if o.name == LYCEE)


async def test_duplicate_a_campaign(make_client) -> None:
    async with make_client() as client:
        orgs = await _logged_in(client, "prof@example.net")
        source = await _by_name(client, orgs[COLLEGE], "Parcours de rentrée 5e")
        me = client.session.user_id if client.session else 0
        copy = await client.campaigns.create(
            CampaignDraft.from_campaign(source, organization_id=orgs[COLLEGE], owner_id=me)
        )

    assert copy.name == "Copie de Parcours de rentrée 5e"
    assert copy.id != source.id and copy.code != source.code
    assert (copy.target_profile_id, copy.title, copy.custom_landing_page_text) == (
        source.target_profile_id,
        source.title,
        source.custom_landing_page_text,
    )
    assert copy.participations_count == 0
