"""The campaign screen of Pix Admin against the real server: what it shows, what each role
may change, each change confirmed by a dialog naming it, then the history.

Helpers and the demo's facts are in admin_pilot.py.
"""

from __future__ import annotations

import pytest
from admin_pilot import (
    COLLEGE,
    METIER,
    SUPER_ADMIN,
    SUPPORT,
    campaign_row,
    deleted_at,
    dialog_text,
    disable_membership,
    open_campaign,
    participation_id,
    rows,
    settle_triage,
    show_tab,
    triage,
)
from pilot_support import AppFactory, text_of, visible, wait_until
from student_db import execute
from textual.widgets import Button, OptionList

from api_client.errors import ExtensionUnavailableError
from tui.errors import EXTENSION_UNAVAILABLE, admin_failure, error_message
from tui.messages import AdminRequestFailed
from tui.screens.admin.dialogs import OwnerPicker
from tui.screens.admin.participations_table import ParticipationsTable
from tui.screens.orga.confirm_dialog import ConfirmDialog


def _history(pilot) -> list[str]:
    return [
        str(entry.render()).strip()
        for entry in pilot.app.screen.query(".history-entry")  # type: ignore[union-attr]
    ]


async def _confirm(pilot) -> None:
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ConfirmDialog), "the dialog")
    await pilot.press("tab", "enter")  # the focus starts on "Annuler"


async def test_the_campaign_is_described_with_its_counts(make_app: AppFactory) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_campaign(pilot, "RENTRE123")
        facts = {
            row_id: text_of(pilot, f"#fact-value-{row_id}")
            for row_id in ("organization", "owner", "creator", "type", "target-profile", "code")
        }
        counts = text_of(pilot, "#counts-line")
        banner_shown = visible(pilot, "#status-banner")

    assert facts == {
        "organization": f"{COLLEGE}  (id 1)",
        "owner": "Claire Moreau",
        "creator": "Claire Moreau",
        "type": "Campagne d'évaluation",
        "target-profile": "[CLG] Parcours de rentrée 5e",
        "code": "RENTRE123",
    }
    assert counts == ("20 participants : 3 en cours · 3 en attente d'envoi · 14 résultats reçus")
    assert not banner_shown


async def test_unarchive_after_the_confirmation_then_the_history_says_it(
    make_app: AppFactory, demo_database_url: str
) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_campaign(pilot, "ARCHIV789", SUPER_ADMIN)
        assert visible(pilot, "#status-banner")
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ConfirmDialog), "dialog")
        question = dialog_text(pilot)
        # Échap changes nothing.
        await pilot.press("escape")
        await settle_triage(pilot)
        still_archived = campaign_row(demo_database_url, "ARCHIV789")[1] is not None

        await pilot.press("a")
        await _confirm(pilot)
        await wait_until(
            pilot,
            lambda: screen.campaign is not None and not screen.campaign.is_archived,
            "the campaign unarchived",
        )
        await settle_triage(pilot)
        banner_shown = visible(pilot, "#status-banner")
        button = str(screen.query_one("#archive-button", Button).label)
        await show_tab(pilot, "4")
        history = _history(pilot)
        tab = str(screen.query_one("#triage-tabs").get_tab("tab-history").label)  # type: ignore[attr-defined]

    assert question == (
        "Désarchiver la campagne « Protection et sécurité 6e (ancienne version) » "
        f"(ARCHIV789) de {COLLEGE} ? "
        "Les participants pourront de nouveau la rejoindre avec son code."
    )
    assert still_archived
    assert campaign_row(demo_database_url, "ARCHIV789")[1] is None
    assert not banner_shown
    assert button == "Archiver (a)"
    assert tab == "Historique (1)"
    assert len(history) == 1
    heading, change = history[0].split("\n")
    assert heading.endswith("· Antoine Girard · Campagne désarchivée")
    assert change.strip().startswith("Archivée le : 03/10/2024 à ")
    assert change.strip().endswith("→ —")


async def test_support_sees_archiving_disabled_with_the_reason(make_app: AppFactory) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_campaign(pilot, "ARCHIV789", SUPPORT)
        disabled = screen.query_one("#archive-button", Button).disabled
        reason = text_of(pilot, "#archive-reason")
        await pilot.press("a")
        await pilot.pause()
        no_dialog = pilot.app.screen is screen
        owner_allowed = not screen.query_one("#owner-button", Button).disabled

    assert disabled and no_dialog and owner_allowed
    assert reason == (
        "⚠ Votre rôle Pix Admin (Support) ne permet pas d'archiver ou de désarchiver une "
        "campagne : réservé aux rôles Super administrateur et Métier."
    )


async def test_change_the_owner_to_another_member(
    make_app: AppFactory, demo_database_url: str
) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_campaign(pilot, "RENTRE123", SUPPORT)
        await pilot.press("o")
        await wait_until(
            pilot,
            lambda: isinstance(pilot.app.screen, OwnerPicker) and pilot.app.screen.members,
            "the members",
        )
        options = pilot.app.screen.query_one(OptionList)
        offered = [
            (str(options.get_option_at_index(i).prompt), options.get_option_at_index(i).disabled)
            for i in range(options.option_count)
        ]
        await pilot.press("enter")  # the highlighted one: the first who is not the owner
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ConfirmDialog), "dialog")
        question = dialog_text(pilot)
        await pilot.press("tab", "enter")
        await wait_until(
            pilot,
            lambda: (
                screen.campaign is not None and screen.campaign.owner_full_name == "Julien Bernard"
            ),
            "the new owner",
        )
        await settle_triage(pilot)
        owner = text_of(pilot, "#fact-value-owner")
        await show_tab(pilot, "4")
        history = _history(pilot)

    assert offered == [
        ("Claire Moreau  (propriétaire actuel)", True),
        ("Julien Bernard", False),
    ]
    assert question == (
        "Changer le propriétaire de « Parcours de rentrée 5e » (RENTRE123) ? "
        "Propriétaire : Claire Moreau → Julien Bernard"
    )
    assert owner == "Julien Bernard"
    assert campaign_row(demo_database_url, "RENTRE123")[0] == "prof2@example.net"
    assert history[0].endswith(
        "· Sophie Laurent · Propriétaire changé\n    Propriétaire : Claire Moreau → Julien Bernard"
    )


async def test_a_refused_owner_is_explained_where_the_action_is(
    make_app: AppFactory, demo_database_url: str
) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_campaign(pilot, "RENTRE123", SUPPORT)
        await pilot.press("o")
        await wait_until(
            pilot,
            lambda: isinstance(pilot.app.screen, OwnerPicker) and pilot.app.screen.members,
            "the members",
        )
        # Julien Bernard leaves the collège while the agent is choosing.
        disable_membership(demo_database_url, "prof2@example.net", COLLEGE)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ConfirmDialog), "dialog")
        await pilot.press("tab", "enter")
        await wait_until(pilot, lambda: visible(pilot, "#campaign-action-error"), "the refusal")
        error = text_of(pilot, "#campaign-action-error")
        owner = text_of(pilot, "#fact-value-owner")
        assert screen.campaign is not None

    assert error == "Le propriétaire doit être membre de l'organisation. Choisissez-en un autre."
    assert owner == "Claire Moreau"
    assert campaign_row(demo_database_url, "RENTRE123")[0] == "prof@example.net"


async def test_delete_a_participation(make_app: AppFactory, demo_database_url: str) -> None:
    target = participation_id(demo_database_url, "RENTRE123", "eleve03@example.net")
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_campaign(pilot, "RENTRE123", SUPPORT)
        await show_tab(pilot, "2")
        table = screen.query_one(ParticipationsTable)
        names = [row[0] for row in rows(pilot, "#participations-table")]
        table.move_cursor(row=names.index("Chloé Dubois"))
        await pilot.pause()
        await pilot.press("x")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ConfirmDialog), "dialog")
        question = dialog_text(pilot)
        await pilot.press("tab", "enter")
        await wait_until(
            pilot,
            lambda: (
                screen.campaign is not None and screen.campaign.deleted_participations_count == 1
            ),
            "the deletion",
        )
        await settle_triage(pilot)
        status = dict((row[0], row[1]) for row in rows(pilot, "#participations-table"))
        counts = text_of(pilot, "#counts-line")
        delete_disabled = screen.query_one("#delete-button", Button).disabled
        await show_tab(pilot, "4")
        history = _history(pilot)

    assert question == (
        "Supprimer la participation de Chloé Dubois à « Parcours de rentrée 5e » ? "
        "Ses résultats ne seront plus visibles. La suppression est inscrite dans l'historique."
    )
    assert deleted_at(demo_database_url, target) is not None
    assert status["Chloé Dubois"] == "Supprimée"
    assert counts.startswith("19 participants") and counts.endswith("· 1 supprimée")
    # The highlighted row is the deleted one: nothing left to delete there.
    assert delete_disabled
    assert "· Sophie Laurent · Participation supprimée (Chloé Dubois)" in history[0]


async def test_metier_may_not_delete_a_participation(make_app: AppFactory) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_campaign(pilot, "RENTRE123", METIER)
        await show_tab(pilot, "2")
        disabled = screen.query_one("#delete-button", Button).disabled
        reason = text_of(pilot, "#delete-reason")
        await pilot.press("x")
        await pilot.pause()
        no_dialog = pilot.app.screen is screen
        archive_allowed = not screen.query_one("#archive-button", Button).disabled

    assert disabled and no_dialog and archive_allowed
    assert reason == (
        "⚠ Votre rôle Pix Admin (Métier) ne permet pas de supprimer une participation : "
        "réservé aux rôles Super administrateur et Support."
    )


async def test_reported_problems_are_listed_and_shown_whole(make_app: AppFactory) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_campaign(pilot, "RENTRE123", SUPPORT)
        await show_tab(pilot, "3")
        reporters = [row[1] for row in rows(pilot, "#feedbacks-table")]
        detail = text_of(pilot, "#feedback-detail")
        tab = str(triage(pilot).query_one("#triage-tabs").get_tab("tab-feedbacks").label)  # type: ignore[attr-defined]

    assert reporters == ["Hugo Thomas", "Louis Richard"]
    assert tab == "Signalements (2)"
    assert "L'image ne s'affiche pas, je vois juste un carré gris." in detail
    assert detail.startswith("Hugo Thomas, le ")


@pytest.mark.parametrize("place", ["archive", "participations"])
def test_a_missing_extension_reads_as_its_french_sentence(place: str) -> None:
    error = ExtensionUnavailableError("/api/admin/campaigns/1/unarchive")

    message = admin_failure(error, place)

    assert error_message(error) == EXTENSION_UNAVAILABLE
    assert EXTENSION_UNAVAILABLE == "Ce serveur ne propose pas cette fonction (extension pix-tui)."
    assert isinstance(message, AdminRequestFailed)
    assert (message.error, message.place) == (EXTENSION_UNAVAILABLE, place)


async def test_a_deleted_campaign_is_said_and_left_alone(
    make_app: AppFactory, demo_database_url: str
) -> None:
    execute(
        demo_database_url,
        "UPDATE campaigns SET deleted_at = '2025-01-06 09:00:00' WHERE code = 'PROFIL456'",
    )
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_campaign(pilot, "PROFIL456", SUPER_ADMIN)
        banner = text_of(pilot, "#status-banner")
        disabled = [
            screen.query_one(selector, Button).disabled
            for selector in ("#archive-button", "#owner-button")
        ]
        reasons = [
            text_of(pilot, selector)
            for selector in ("#archive-reason", "#owner-reason")
            if visible(pilot, selector)
        ]

    assert banner.startswith("✗ Campagne supprimée le 06/01/2025 dans Pix Orga")
    assert disabled == [True, True]
    # One reason for both actions, said once.
    assert reasons == [
        "⚠ La campagne a été supprimée dans Pix Orga : elle ne peut plus être archivée ni "
        "changer de propriétaire."
    ]
