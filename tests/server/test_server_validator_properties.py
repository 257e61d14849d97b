"""Properties of the server's own validators, on generated input (the engine's corrector has
its own in tests/engine): campaign creation, participants' external ids, what an answer's
text becomes on its way in, campaign codes.

Each property is a rule a teacher or a learner would notice broken: a valid campaign
refused, a bad one accepted, an answer stored with characters the database refuses, a code
that cannot be typed back.
"""

from __future__ import annotations

import json
import random
import string
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from server.errors import EntityValidation
from server.jsonapi import MAX_ID
from server.models import Campaign, CampaignType, ExternalIdType, utcnow
from server.request_guards import RequestGuardMiddleware, clean_json, clean_text
from server.routes.assessments import AnswerAttributes
from server.routes.student import ParticipationAttributes
from server.usecases.campaign_codes import GENERATED_CODE_PATTERN, generate_campaign_code
from server.usecases.campaigns import (
    MAX_LANDING_PAGE_TEXT_LENGTH,
    MAX_NAME_LENGTH,
    MAX_TITLE_LENGTH,
    CampaignCreation,
    _validate_creation,
)
from server.usecases.student.participations import (
    INVALID_EMAIL,
    MISSING_EXTERNAL_ID,
    _check_can_join,
    normalize_campaign_code,
)

TYPES = [CampaignType.ASSESSMENT.value, CampaignType.PROFILES_COLLECTION.value]
# Anything a JSON body can carry in one attribute.
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=5,
)
NAMES = st.text(min_size=1, max_size=MAX_NAME_LENGTH).filter(lambda name: name.strip() != "")
BLANKS = st.text(alphabet=" \t\n\r\u00a0\u2003", max_size=5)


def _problems(data: CampaignCreation) -> dict[str, set[str]]:
    _, invalid = _validate_creation(data)
    problems: dict[str, set[str]] = {}
    for item in invalid:
        problems.setdefault(item.attribute, set()).add(item.message)
    return problems


def _valid_creation(**changes: Any) -> CampaignCreation:
    base: dict[str, Any] = {
        "organization_id": 1,
        "name": "Campagne",
        "type": CampaignType.ASSESSMENT.value,
        "target_profile_id": 1,
    }
    return CampaignCreation(**{**base, **changes})


# --- campaign creation --------------------------------------------------------------------------


@given(
    name=JSON_VALUES,
    type_=JSON_VALUES | st.sampled_from(TYPES),
    title=JSON_VALUES,
    owner_id=JSON_VALUES,
    label=JSON_VALUES,
    id_type=JSON_VALUES | st.sampled_from(["STRING", "EMAIL"]),
    landing=JSON_VALUES,
)
def test_creation_judges_any_json_without_failing(
    name: Any, type_: Any, title: Any, owner_id: Any, label: Any, id_type: Any, landing: Any
) -> None:
    """Whatever a client sends, the answer is a list of E2 problems, never an exception, and
    every problem is on an attribute Pix Orga knows how to show."""
    data = CampaignCreation(
        organization_id=1,
        name=name,
        type=type_,
        title=title,
        owner_id=owner_id,
        external_id_label=label,
        external_id_type=id_type,
        custom_landing_page_text=landing,
    )
    valid, invalid = _validate_creation(data)
    known = {
        "name", "type", "title", "ownerId", "targetProfileId", "organizationId",
        "externalIdLabel", "externalIdType", "customLandingPageText",
    }  # fmt: skip
    assert {item.attribute for item in invalid} <= known
    if not invalid:
        assert isinstance(valid.name, str) and valid.name.strip()
        assert valid.type in TYPES


@given(name=NAMES, type_=st.sampled_from(TYPES))
def test_any_non_blank_name_up_to_the_column_size_is_a_name(name: str, type_: str) -> None:
    profile = 1 if type_ == CampaignType.ASSESSMENT else None
    problems = _problems(_valid_creation(name=name, type=type_, target_profile_id=profile))
    assert problems == {}


@given(name=BLANKS | st.none() | st.integers() | st.lists(st.text(), max_size=2))
def test_a_blank_or_non_text_name_is_missing(name: Any) -> None:
    assert _problems(_valid_creation(name=name))["name"] == {"CAMPAIGN_NAME_IS_REQUIRED"}


@given(extra=st.integers(min_value=1, max_value=500))
def test_a_name_longer_than_the_column_is_too_long(extra: int) -> None:
    name = "n" * (MAX_NAME_LENGTH + extra)
    assert _problems(_valid_creation(name=name))["name"] == {"CAMPAIGN_NAME_IS_TOO_LONG"}


@given(type_=JSON_VALUES.filter(lambda value: value not in TYPES))
def test_only_the_two_purposes_are_purposes(type_: Any) -> None:
    assert _problems(_valid_creation(type=type_))["type"] == {"CAMPAIGN_PURPOSE_IS_REQUIRED"}


@given(profile=st.none() | st.integers(min_value=1, max_value=MAX_ID))
def test_target_profile_is_required_for_assessments_and_forbidden_otherwise(
    profile: int | None,
) -> None:
    assessment = _problems(_valid_creation(type="ASSESSMENT", target_profile_id=profile))
    collection = _problems(_valid_creation(type="PROFILES_COLLECTION", target_profile_id=profile))
    assert ("targetProfileId" in assessment) == (profile is None)
    assert ("targetProfileId" in collection) == (profile is not None)


@given(title=st.text(max_size=MAX_TITLE_LENGTH + 20))
def test_a_title_is_optional_short_and_only_for_assessments(title: str) -> None:
    assessment = _problems(_valid_creation(title=title)).get("title", set())
    collection = _problems(
        _valid_creation(type="PROFILES_COLLECTION", target_profile_id=None, title=title)
    ).get("title", set())
    blank = not title.strip()
    assert (assessment == {"CAMPAIGN_TITLE_IS_TOO_LONG"}) == (
        not blank and len(title) > MAX_TITLE_LENGTH
    )
    assert assessment <= {"CAMPAIGN_TITLE_IS_TOO_LONG"}
    assert bool(collection) == (not blank)


@given(size=st.integers(min_value=0, max_value=MAX_LANDING_PAGE_TEXT_LENGTH + 50))
def test_the_landing_page_text_stops_at_five_thousand_characters(size: int) -> None:
    problems = _problems(_valid_creation(custom_landing_page_text="x" * size))
    too_long = problems.get("customLandingPageText") == {"CUSTOM_LANDING_PAGE_TEXT_IS_TOO_LONG"}
    assert too_long == (size > MAX_LANDING_PAGE_TEXT_LENGTH)


@given(owner=st.integers(min_value=1, max_value=MAX_ID))
def test_an_owner_id_is_a_positive_database_id_as_number_or_digits(owner: int) -> None:
    for sent in (owner, str(owner)):
        valid, invalid = _validate_creation(_valid_creation(owner_id=sent))
        assert invalid == []
        assert valid.owner_id == owner


@given(
    owner=st.integers().filter(lambda value: not 1 <= value <= MAX_ID)
    | st.booleans()
    | st.floats()
    | st.text().filter(lambda text: not text.isdigit())
    | st.lists(st.integers(), max_size=2)
)
def test_anything_else_is_a_missing_owner(owner: Any) -> None:
    assert _problems(_valid_creation(owner_id=owner))["ownerId"] == {"MISSING_OWNER"}


@given(
    label=st.text(max_size=300),
    id_type=st.sampled_from(["STRING", "EMAIL", "PHONE", ""]),
)
def test_an_external_id_label_needs_three_characters_and_a_known_type(
    label: str, id_type: str
) -> None:
    valid, invalid = _validate_creation(
        _valid_creation(external_id_label=label, external_id_type=id_type)
    )
    fields = {item.attribute for item in invalid}
    label_ok = len(label.strip()) >= 3 and len(label) <= 255
    assert ("externalIdLabel" in fields) == (not label_ok)
    assert ("externalIdType" in fields) == (id_type not in ("STRING", "EMAIL"))
    if not invalid:
        assert (valid.external_id_label, valid.external_id_type) == (label, id_type)


# --- participants' external ids -----------------------------------------------------------------


def _campaign(id_type: ExternalIdType | None) -> Campaign:
    return Campaign(
        id=1,
        type=CampaignType.PROFILES_COLLECTION.value,
        multiple_sendings=False,
        external_id_label="Numéro INE" if id_type is not None else None,
        external_id_type=id_type.value if id_type is not None else None,
        archived_at=None,
        deleted_at=None,
    )


def _join_problem(campaign: Campaign, external_id: str | None) -> str | None:
    try:
        _check_can_join(1, campaign, None, external_id, False, utcnow())
    except EntityValidation as error:
        [item] = error.invalid
        assert item.attribute == "externalId"
        return item.message
    return None


LOCAL = st.text(alphabet=string.ascii_letters + string.digits + "._+-", min_size=1, max_size=20)
EMAILS = st.builds(
    "{}@{}.{}".format,
    LOCAL,
    LOCAL,
    st.text(alphabet=string.ascii_lowercase, min_size=2, max_size=6),
)


@given(email=EMAILS)
def test_an_email_external_id_accepts_addresses(email: str) -> None:
    assert _join_problem(_campaign(ExternalIdType.EMAIL), email) is None


@given(
    text=st.text(min_size=1).filter(lambda text: "@" not in text or any(c.isspace() for c in text))
)
def test_an_email_external_id_refuses_what_is_not_an_address(text: str) -> None:
    assert _join_problem(_campaign(ExternalIdType.EMAIL), text) == INVALID_EMAIL


@given(text=st.text(min_size=1))
def test_a_text_external_id_takes_any_text_and_is_required(text: str) -> None:
    campaign = _campaign(ExternalIdType.STRING)
    assert _join_problem(campaign, text) is None
    assert _join_problem(campaign, None) == MISSING_EXTERNAL_ID
    assert _join_problem(_campaign(None), None) is None


@given(text=st.text(max_size=300))
def test_an_external_id_is_at_most_255_characters(text: str) -> None:
    try:
        ParticipationAttributes.model_validate({"participant-external-id": text})
    except ValidationError:
        assert len(text) > 255
    else:
        assert len(text) <= 255


# --- the text of an answer on its way in --------------------------------------------------------

# Text as a hostile client may send it: NUL characters and lone UTF-16 surrogates included
# (hypothesis' own text() never produces surrogates, hence the list of characters).
HOSTILE_CHARACTERS = st.characters() | st.sampled_from(["\x00", "\ud800", "\udbff", "\udc00"])
ANY_TEXT = st.lists(HOSTILE_CHARACTERS, max_size=30).map("".join)


@given(text=ANY_TEXT)
def test_cleaned_text_is_storable_anywhere_and_stays_clean(text: str) -> None:
    cleaned = clean_text(text)
    assert "\x00" not in cleaned
    cleaned.encode("utf-8")  # no lone surrogate: PostgreSQL, SQLite and JSON all take it
    assert clean_text(cleaned) == cleaned
    assert len(cleaned) == len(text) - text.count("\x00")


@given(text=st.text())  # hypothesis' default text has no surrogates
def test_text_without_nul_is_never_changed(text: str) -> None:
    assert clean_text(text) == text.replace("\x00", "")


@given(value=ANY_TEXT, other=st.text(max_size=10))
def test_an_answer_body_reaches_the_route_cleaned_and_otherwise_intact(
    value: str, other: str
) -> None:
    document = {
        "data": {
            "attributes": {"value": value, "timeout": None, "result": [other, 1.5, True]},
            "relationships": {"challenge": {"data": {"id": "rec" + other}}},
        }
    }
    # As a client that escapes everything would send it (surrogates as \\udXXX escapes).
    raw = json.dumps(document, ensure_ascii=True).encode()

    received = json.loads(RequestGuardMiddleware._clean_json_body(raw, strict=True))

    # What the client meant (a surrogate pair is one character once decoded), cleaned.
    assert received == clean_json(json.loads(raw))
    json.dumps(received, ensure_ascii=False).encode("utf-8")
    if clean_json(document) == document:  # nothing to clean: nothing changed
        assert received == document
    attributes = AnswerAttributes.model_validate(received["data"]["attributes"])
    assert attributes.value == received["data"]["attributes"]["value"]


# --- campaign codes -----------------------------------------------------------------------------


@given(seed=st.integers())
def test_generated_codes_follow_pix_readable_format(seed: int) -> None:
    code = generate_campaign_code(random.Random(seed))
    assert GENERATED_CODE_PATTERN.match(code)
    # No letter a learner could mistake for a digit (I/1, O/0), no zero at all.
    assert not set(code) & set("IO0")


@given(seed=st.integers(), data=st.data())
def test_a_code_typed_back_in_any_case_and_spacing_is_found(seed: int, data: Any) -> None:
    code = generate_campaign_code(random.Random(seed))
    typed = "".join(data.draw(st.sampled_from([char, char.lower()])) for char in code)
    padding = data.draw(st.text(alphabet=" \t", max_size=3))
    assert normalize_campaign_code(padding + typed + padding) == code
    assert normalize_campaign_code(code) == code


@pytest.mark.parametrize("seed", range(3))
def test_codes_spread_over_the_whole_alphabet(seed: int) -> None:
    rng = random.Random(seed)
    codes = [generate_campaign_code(rng) for _ in range(2000)]
    assert len(set(codes)) == len(codes)
    assert {code[0] for code in codes} == set("ABCDEFGHJKLMNPQRSTUVWXYZ")
    assert {code[-1] for code in codes} == set("123456789")
