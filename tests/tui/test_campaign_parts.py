"""The pieces of the campaign screens that need no server: the French messages of Pix's
validation keys, the table's columns, the target-profile filter, the large code."""

from __future__ import annotations

import json

import pytest

from api_client.errors import error_from_response
from api_client.models import TargetProfile
from tui.errors import CAMPAIGN_FIELD_ERRORS, INVALID_FIELD, field_errors
from tui.screens.orga.campaign_list import OWNER, column_layout
from tui.widgets.big_code import GLYPH_WIDTH, banner_lines, banner_width
from tui.widgets.target_profile_picker import group_profiles


def _refusal(*errors: tuple[str, str]) -> str:
    """A 422 body as Pix sends it for a refused campaign (CONTRACT §4.3, E2)."""
    return json.dumps(
        {
            "errors": [
                {"status": "422", "source": {"pointer": pointer}, "title": "x", "detail": key}
                for pointer, key in errors
            ]
        }
    )


def test_pix_validation_keys_read_in_french_under_their_fields() -> None:
    error = error_from_response(
        422,
        _refusal(
            ("/data/attributes/name", "CAMPAIGN_NAME_IS_REQUIRED"),
            ("/data/relationships/target-profile", "TARGET_PROFILE_IS_REQUIRED"),
            ("/data/relationships/owner", "OWNER_NOT_IN_ORGANIZATION"),
            ("/data/attributes/custom-landing-page-text", "CUSTOM_LANDING_PAGE_TEXT_IS_TOO_LONG"),
        ),
    )
    assert field_errors(error) == {
        "name": "Veuillez donner un nom à votre campagne.",
        "target-profile": "Veuillez choisir un parcours.",
        "owner": CAMPAIGN_FIELD_ERRORS["OWNER_NOT_IN_ORGANIZATION"],
        "custom-landing-page-text": (
            "Le texte de la page d'accueil ne doit pas dépasser 5000 caractères."
        ),
    }


def test_an_unknown_key_is_not_shown_raw() -> None:
    error = error_from_response(422, _refusal(("/data/attributes/title", "SOMETHING_NEW")))
    assert field_errors(error) == {"title": INVALID_FIELD}


def test_other_errors_have_no_field() -> None:
    assert field_errors(error_from_response(403, '{"errors":[{"status":"403"}]}')) == {}


@pytest.mark.parametrize("width", [76, 78, 100, 116, 160])
@pytest.mark.parametrize("show_owner", [True, False])
def test_columns_fit_the_table(width: int, show_owner: bool) -> None:
    layout = column_layout(width, show_owner=show_owner)
    widths = dict(layout.widths)
    assert sum(widths.values()) <= width
    assert (OWNER in widths) is show_owner
    assert widths["code"] >= 10 and widths["created"] >= 11  # "RENTRE123", "04/09/2025"
    # The names get what is left, and more room when there is more.
    assert widths["name"] >= 20
    assert layout.two_line_header is (width < 100)


def _profile(id: str, name: str, category: str) -> TargetProfile:
    return TargetProfile(id=id, type="target-profiles", name=name, category=category)


def test_target_profiles_filtered_by_category_and_words_without_accents() -> None:
    profiles = [
        _profile("1", "[CLG] Parcours de rentrée 5e", "BACK_TO_SCHOOL"),
        _profile("8", "[CLG] Parcours 6e Initiation", "BACK_TO_SCHOOL"),
        _profile("2", "1.1 Mener une recherche", "COMPETENCES"),
        _profile("14", "Recherche documentaire au CDI", "CUSTOM"),
    ]
    everything = group_profiles(profiles, categories=set(), search="")
    assert [category for category, _ in everything] == ["BACK_TO_SCHOOL", "COMPETENCES", "CUSTOM"]

    found = group_profiles(profiles, categories=set(), search="RENTREE 5")
    assert [(c, [p.id for p in ps]) for c, ps in found] == [("BACK_TO_SCHOOL", ["1"])]

    chosen = group_profiles(profiles, categories={"COMPETENCES", "CUSTOM"}, search="recherche")
    assert [p.id for _, ps in chosen for p in ps] == ["2", "14"]
    assert group_profiles(profiles, categories={"CUSTOM"}, search="rentrée") == []


def test_code_drawn_large_on_three_even_lines() -> None:
    lines = banner_lines("RENTRE123")
    assert len(lines) == 3
    assert {len(line) for line in lines} == {banner_width("RENTRE123")}
    assert banner_width("RENTRE123") == 9 * (GLYPH_WIDTH + 1) - 1
    # Every letter and digit has its own drawing; each glyph has ink.
    for char in "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789":
        glyph = banner_lines(char)
        assert any(cell != " " for line in glyph for cell in line), char
    assert banner_lines("B") != banner_lines("8")
