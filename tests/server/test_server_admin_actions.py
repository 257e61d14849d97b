"""Pix Admin changes (CONTRACT 8.5, 8.6 and the extensions) and their audit trail.

Each change writes one entry per row changed, in its own transaction: with before/after of
the changed attributes only, who (id and name) and when. A refused change writes nothing.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from admin_support import (
    METIER,
    SUPER_ADMIN,
    SUPPORT,
    audit_count,
    audit_entries,
    campaign_state,
    csv_body,
    details_body,
    external_id_body,
    load,
    owner_body,
    participation_of,
    participation_state,
)
from campaign_support import (
    PROF2,
    QUIET_CAMPAIGN,
    STUDENT,
    add_participation,
    campaign_id,
    campaign_id_by_name,
    errors_by_pointer,
    user_id,
)
from server_support import load_fixture
from sqlalchemy import event

from server.models import Campaign, CampaignParticipation

SOPHIE = "Sophie Laurent"  # support@
NADIA = "Nadia Benali"  # metier@


@pytest.fixture
def call(api, auth_headers):
    async def do(method: str, url: str, *, email: str = SUPPORT, **kwargs):
        headers = {**kwargs.pop("headers", {}), **await auth_headers(email, scope="pix-admin")}
        return await api.request(method, url, headers=headers, **kwargs)

    return do


def _recent(iso: str) -> bool:
    return datetime.now(UTC) - datetime.fromisoformat(iso) < timedelta(minutes=1)


# --- PATCH /api/admin/campaigns/{id} -------------------------------------------------------


async def test_update_with_the_pix_admin_body_and_its_audit_entry(call, seeded_url) -> None:
    quiet = await campaign_id_by_name(seeded_url, QUIET_CAMPAIGN)
    body = load_fixture("admin-campaign-update.request.json")

    response = await call("PATCH", f"/api/admin/campaigns/{quiet}", json=body)

    assert (response.status_code, response.content) == (204, b"")
    stored = await load(seeded_url, Campaign, quiet)
    assert (stored.name, stored.multiple_sendings) == ("newName", True)
    [entry] = await audit_entries(seeded_url, quiet)
    assert entry.action == "UPDATE_CAMPAIGN"
    assert (entry.admin_user_id, entry.admin_name) == (await user_id(seeded_url, SUPPORT), SOPHIE)
    assert entry.campaign_participation_id is None
    # Only what changed: the campaign had no title nor texts already.
    assert entry.before == {"name": QUIET_CAMPAIGN, "multiple-sendings": False}
    assert entry.after == {"name": "newName", "multiple-sendings": True}


async def test_multiple_sendings_are_frozen_once_someone_participated(call, seeded_url) -> None:
    rentree = await campaign_id(seeded_url, "RENTRE123")
    before = campaign_state(await load(seeded_url, Campaign, rentree))

    response = await call(
        "PATCH",
        f"/api/admin/campaigns/{rentree}",
        json=details_body(name="Autre nom", **{"multiple-sendings": True}),
    )

    assert response.status_code == 422
    assert errors_by_pointer(response.json()) == {
        "/data/attributes/multiple-sendings": (
            "CANT_UPDATE_ATTRIBUTE_WHEN_CAMPAIGN_HAS_PARTICIPATIONS"
        )
    }
    # Nothing at all was applied, not even the valid name.
    assert campaign_state(await load(seeded_url, Campaign, rentree)) == before
    assert await audit_count(seeded_url) == 0


async def test_update_validation(call, seeded_url) -> None:
    rentree = await campaign_id(seeded_url, "RENTRE123")
    profil = await campaign_id(seeded_url, "PROFIL456")
    url = f"/api/admin/campaigns/{rentree}"

    missing = details_body()
    del missing["data"]["attributes"]["custom-result-page-text"]
    assert (await call("PATCH", url, json=missing)).status_code == 400

    response = await call(
        "PATCH",
        url,
        json=details_body(
            name="  ",
            title="x" * 51,
            **{
                "custom-result-page-button-text": "Continuer",
                "custom-result-page-button-url": "pix",
            },
        ),
    )
    assert response.status_code == 422
    assert errors_by_pointer(response.json()) == {
        "/data/attributes/name": "CAMPAIGN_NAME_IS_REQUIRED",
        "/data/attributes/title": "CAMPAIGN_TITLE_IS_TOO_LONG",
        "/data/attributes/custom-result-page-button-url": (
            "CUSTOM_RESULT_PAGE_BUTTON_URL_MUST_BE_A_URL"
        ),
    }

    response = await call(
        "PATCH",
        f"/api/admin/campaigns/{profil}",
        json=details_body(name="Profils", title="Un titre"),
    )
    assert errors_by_pointer(response.json()) == {
        "/data/attributes/title": (
            "TITLE_OF_PERSONALISED_TEST_IS_NOT_ALLOWED_FOR_PROFILES_COLLECTION_CAMPAIGN"
        )
    }
    assert await audit_count(seeded_url) == 0


async def test_an_update_that_changes_nothing_records_nothing(call, seeded_url) -> None:
    quiet = await campaign_id_by_name(seeded_url, QUIET_CAMPAIGN)
    response = await call(
        "PATCH", f"/api/admin/campaigns/{quiet}", json=details_body(name=QUIET_CAMPAIGN)
    )
    assert response.status_code == 204
    assert await audit_count(seeded_url) == 0


# --- archive, unarchive, bulk archive ------------------------------------------------------


async def test_archive_then_unarchive_with_their_entries(call, seeded_url) -> None:
    rentree = await campaign_id(seeded_url, "RENTRE123")

    archived = await call("POST", f"/api/admin/campaigns/{rentree}/archive", email=METIER)

    assert archived.status_code == 200
    archived_at = archived.json()["data"]["attributes"]["archived-at"]
    assert _recent(archived_at)
    again = await call("POST", f"/api/admin/campaigns/{rentree}/archive", email=METIER)
    assert again.status_code == 412
    assert again.json()["errors"][0]["detail"] == "Cette campagne est déjà archivée."

    restored = await call("POST", f"/api/admin/campaigns/{rentree}/unarchive", email=SUPER_ADMIN)
    assert restored.json()["data"]["attributes"]["archived-at"] is None
    again = await call("POST", f"/api/admin/campaigns/{rentree}/unarchive", email=SUPER_ADMIN)
    assert again.status_code == 412
    assert again.json()["errors"][0]["detail"] == "Cette campagne n'est pas archivée."

    archive, unarchive = await audit_entries(seeded_url, rentree)
    metier = await user_id(seeded_url, METIER)
    assert (archive.action, archive.admin_name) == ("ARCHIVE_CAMPAIGN", NADIA)
    assert archive.before == {"archived-at": None, "archived-by": None}
    assert archive.after == {"archived-at": archived_at, "archived-by": metier}
    assert (unarchive.action, unarchive.admin_name) == ("UNARCHIVE_CAMPAIGN", "Antoine Girard")
    assert unarchive.before == archive.after
    assert unarchive.after == {"archived-at": None, "archived-by": None}


async def test_the_audit_entry_and_the_change_share_one_transaction(app, call, seeded_url) -> None:
    """If the entry cannot be written, the archive does not happen either."""
    rentree = await campaign_id(seeded_url, "RENTRE123")
    engine = app.state.database.engine.sync_engine

    def refuse_audit(_conn, _cursor, statement, *_args) -> None:
        if statement.lstrip().upper().startswith("INSERT INTO ADMIN_AUDIT_ENTRIES"):
            raise RuntimeError("disk full")

    event.listen(engine, "before_cursor_execute", refuse_audit)
    try:
        response = await call("POST", f"/api/admin/campaigns/{rentree}/archive", email=METIER)
    finally:
        event.remove(engine, "before_cursor_execute", refuse_audit)

    assert response.status_code == 500
    assert (await load(seeded_url, Campaign, rentree)).archived_at is None
    assert await audit_count(seeded_url) == 0


async def test_bulk_archive_from_csv_skips_unknown_and_archived_ones(call, seeded_url) -> None:
    rentree = await campaign_id(seeded_url, "RENTRE123")
    profil = await campaign_id(seeded_url, "PROFIL456")
    already = await campaign_id(seeded_url, "ARCHIV789")
    already_at = (await load(seeded_url, Campaign, already)).archived_at

    response = await call(
        "POST",
        "/api/admin/campaigns/archive-campaigns",
        content=b"\xef\xbb\xbf" + csv_body(rentree, profil, already, 999999),
        headers={"Content-Type": "text/csv"},
        email=METIER,
    )

    assert response.status_code == 204
    assert (await load(seeded_url, Campaign, rentree)).archived_at is not None
    assert (await load(seeded_url, Campaign, profil)).archived_at is not None
    assert (await load(seeded_url, Campaign, already)).archived_at == already_at
    entries = await audit_entries(seeded_url)
    assert [(e.action, e.campaign_id) for e in entries] == [
        ("ARCHIVE_CAMPAIGN", min(rentree, profil)),
        ("ARCHIVE_CAMPAIGN", max(rentree, profil)),
    ]


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (b"RendLesDonnees\n1", "HEADER_REQUIRED"),
        (b"", "HEADER_REQUIRED"),
        (b"campaignId\n12\ndouze", "INVALID_CAMPAIGN_ID"),
    ],
)
async def test_bulk_archive_refuses_a_malformed_file_entirely(
    call, seeded_url, body: bytes, code: str
) -> None:
    rentree = await campaign_id(seeded_url, "RENTRE123")
    body = body.replace(b"12", str(rentree).encode())
    response = await call(
        "POST", "/api/admin/campaigns/archive-campaigns", content=body, email=SUPER_ADMIN
    )
    assert response.status_code == 412
    assert response.json()["errors"][0]["code"] == code
    assert (await load(seeded_url, Campaign, rentree)).archived_at is None
    assert await audit_count(seeded_url) == 0


# --- owner ---------------------------------------------------------------------------------


async def test_change_owner_to_a_member_of_the_organisation(call, seeded_url) -> None:
    rentree = await campaign_id(seeded_url, "RENTRE123")
    prof, prof2 = await user_id(seeded_url, "prof@example.net"), await user_id(seeded_url, PROF2)

    response = await call("PATCH", f"/api/admin/campaigns/{rentree}/owner", json=owner_body(prof2))

    assert response.status_code == 200
    attributes = response.json()["data"]["attributes"]
    assert (attributes["owner-id"], attributes["owner-first-name"]) == (prof2, "Julien")
    assert attributes["creator-id"] == prof  # the creator stays
    [entry] = await audit_entries(seeded_url, rentree)
    assert entry.action == "CHANGE_OWNER"
    assert entry.before == {"owner-id": prof, "owner-full-name": "Claire Moreau"}
    assert entry.after == {"owner-id": prof2, "owner-full-name": "Julien Bernard"}

    # The same owner again changes nothing, and records nothing.
    await call("PATCH", f"/api/admin/campaigns/{rentree}/owner", json=owner_body(prof2))
    assert len(await audit_entries(seeded_url, rentree)) == 1


async def test_new_owner_must_be_a_member(call, seeded_url) -> None:
    lycee_campaign = await campaign_id_by_name(seeded_url, "Profils Pix Terminale")
    before = campaign_state(await load(seeded_url, Campaign, lycee_campaign))
    for outsider in (STUDENT, PROF2):  # prof2 is a member of the collège only
        response = await call(
            "PATCH",
            f"/api/admin/campaigns/{lycee_campaign}/owner",
            json=owner_body(await user_id(seeded_url, outsider)),
        )
        assert response.status_code == 422
        assert errors_by_pointer(response.json()) == {
            "/data/relationships/owner": "OWNER_NOT_IN_ORGANIZATION"
        }
    assert campaign_state(await load(seeded_url, Campaign, lycee_campaign)) == before
    assert await audit_count(seeded_url) == 0


# --- participations ------------------------------------------------------------------------


async def test_deleting_a_participation_deletes_all_of_the_learner_in_the_campaign(
    call, seeded_url
) -> None:
    quiet = await campaign_id_by_name(seeded_url, QUIET_CAMPAIGN)
    learner = "eleve07@example.net"
    await add_participation(seeded_url, quiet, learner, status="SHARED", is_improved=True)
    await add_participation(seeded_url, quiet, learner, status="STARTED")
    await add_participation(seeded_url, quiet, "eleve08@example.net", status="SHARED")
    latest = await participation_of(seeded_url, quiet, learner)

    response = await call(
        "DELETE", f"/api/admin/campaigns/{quiet}/campaign-participations/{latest}"
    )

    assert (response.status_code, response.content) == (204, b"")
    listing = (await call("GET", f"/api/admin/campaigns/{quiet}/participations")).json()
    by_id = {item["id"]: item["attributes"] for item in listing["data"]}
    support = await user_id(seeded_url, SUPPORT)
    deleted = [a for a in by_id.values() if a["deleted-at"] is not None]
    assert len(deleted) == 2
    assert {(a["deleted-by"], a["deleted-by-full-name"]) for a in deleted} == {(support, SOPHIE)}
    assert {a["user-full-name"] for a in deleted} == {"Jade Durand"}  # eleve07
    entries = await audit_entries(seeded_url, quiet)
    assert [e.action for e in entries] == ["DELETE_PARTICIPATION"] * 2
    assert sorted(e.campaign_participation_id for e in entries) == sorted(
        int(id_) for id_, a in by_id.items() if a["deleted-at"] is not None
    )
    assert all(e.before == {"deleted-at": None, "deleted-by": None} for e in entries)
    assert all(e.after["deleted-by"] == support for e in entries)
    detail = (await call("GET", f"/api/admin/campaigns/{quiet}")).json()["data"]["attributes"]
    assert (detail["total-participations-count"], detail["deleted-participations-count"]) == (1, 2)

    again = await call("DELETE", f"/api/admin/campaigns/{quiet}/campaign-participations/{latest}")
    assert (again.status_code, again.json()["errors"][0]["detail"]) == (
        412,
        "La participation est déjà supprimée.",
    )
    assert len(await audit_entries(seeded_url)) == 2


async def test_a_participation_is_deleted_only_through_its_campaign(call, seeded_url) -> None:
    rentree = await campaign_id(seeded_url, "RENTRE123")
    profil = await campaign_id(seeded_url, "PROFIL456")
    participation = await participation_of(seeded_url, rentree, "eleve01@example.net")
    before = participation_state(await load(seeded_url, CampaignParticipation, participation))

    response = await call(
        "DELETE", f"/api/admin/campaigns/{profil}/campaign-participations/{participation}"
    )

    assert response.status_code == 404
    assert participation_state(await load(seeded_url, CampaignParticipation, participation)) == (
        before
    )
    assert await audit_count(seeded_url) == 0


async def test_update_external_id_and_its_entry(call, seeded_url) -> None:
    profil = await campaign_id(seeded_url, "PROFIL456")
    participation = await participation_of(seeded_url, profil, "eleve02@example.net")
    old = (await load(seeded_url, CampaignParticipation, participation)).participant_external_id

    response = await call(
        "PATCH",
        f"/api/admin/campaign-participations/{participation}",
        json=external_id_body("1234567890Z"),
        email=METIER,
    )

    assert response.status_code == 204
    stored = await load(seeded_url, CampaignParticipation, participation)
    assert stored.participant_external_id == "1234567890Z"
    [entry] = await audit_entries(seeded_url, profil)
    assert (entry.action, entry.campaign_participation_id) == ("UPDATE_EXTERNAL_ID", participation)
    assert entry.before == {"participant-external-id": old}
    assert entry.after == {"participant-external-id": "1234567890Z"}

    unknown = await call(
        "PATCH", "/api/admin/campaign-participations/999999", json=external_id_body("x")
    )
    assert unknown.status_code == 404
    too_long = await call(
        "PATCH",
        f"/api/admin/campaign-participations/{participation}",
        json=external_id_body("x" * 256),
    )
    assert too_long.status_code == 400
    assert len(await audit_entries(seeded_url)) == 1


# --- the audit log route -------------------------------------------------------------------


async def test_audit_log_lists_a_campaigns_entries_newest_first(call, seeded_url) -> None:
    rentree = await campaign_id(seeded_url, "RENTRE123")
    await call("POST", f"/api/admin/campaigns/{rentree}/archive", email=METIER)
    await call("PATCH", f"/api/admin/campaigns/{rentree}/owner", json=owner_body(
        await user_id(seeded_url, PROF2)
    ))  # fmt: skip
    participation = await participation_of(seeded_url, rentree, "eleve03@example.net")
    await call("PATCH", f"/api/admin/campaign-participations/{participation}",
               json=external_id_body("A-1"))  # fmt: skip

    body = (await call("GET", f"/api/admin/campaigns/{rentree}/audit-log")).json()

    assert body["meta"]["rowCount"] == 3
    actions = [item["attributes"]["action"] for item in body["data"]]
    assert actions == ["UPDATE_EXTERNAL_ID", "CHANGE_OWNER", "ARCHIVE_CAMPAIGN"]
    latest = body["data"][0]
    assert latest["type"] == "admin-audit-entries"
    attributes = latest["attributes"]
    assert attributes["admin-name"] == SOPHIE
    assert attributes["campaign-id"] == rentree
    assert attributes["campaign-participation-id"] == participation
    assert attributes["before"] == {"participant-external-id": None}
    assert attributes["after"] == {"participant-external-id": "A-1"}
    assert _recent(attributes["created-at"])

    other = await campaign_id(seeded_url, "PROFIL456")
    assert (await call("GET", f"/api/admin/campaigns/{other}/audit-log")).json()["data"] == []
    assert (await call("GET", "/api/admin/campaigns/999999/audit-log")).status_code == 404
