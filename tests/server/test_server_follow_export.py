"""CSV exports (CONTRACT 5.6, DOMAIN §7): the exact bytes Pix would write for the hand-made
class and profiles collection, streamed, behind the same permissions as the rest.

Only results that were sent appear (Eva and Noah, Clara are left out): our reading of the
data-protection rule. Tom sent twice: both attempts are lines, the newest first.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

from follow_support import (
    CLASS_CAMPAIGN_ID,
    PROF,
    PROF2,
    PROFILES_CAMPAIGN_ID,
    STUDENT,
    make_class_campaign,
    make_profiles_campaign,
)
from server_support import E3_FORBIDDEN

DATA = Path(__file__).parent / "data"
CLASS_CSV = f"/api/campaigns/{CLASS_CAMPAIGN_ID}/csv-assessment-results"
PROFILES_CSV = f"/api/campaigns/{PROFILES_CAMPAIGN_ID}/csv-profiles-collection-results"


def _token(headers: dict[str, str]) -> str:
    return headers["Authorization"].removeprefix("Bearer ")


def _file_name(disposition: str) -> str:
    encoded = re.search(r"filename\*=UTF-8''(\S+)", disposition)
    assert encoded is not None, disposition
    return unquote(encoded.group(1))


async def test_assessment_export_bytes(api, auth_headers, seeded_url) -> None:
    await make_class_campaign(seeded_url)
    response = await api.get(
        CLASS_CSV, headers={**(await auth_headers(PROF)), "Accept-Encoding": "gzip"}
    )

    assert response.status_code == 200
    assert response.content == (DATA / "export-assessment-class.csv").read_bytes()
    assert response.headers["Content-Type"] == "text/csv;charset=utf-8"
    assert response.headers["Content-Encoding"] == "identity"  # never gzipped
    name = _file_name(response.headers["Content-Disposition"])
    assert re.fullmatch(
        rf'Resultats-Numérique 6e "B" – mars-{CLASS_CAMPAIGN_ID}-\d{{4}}-\d\d-\d\d-\d{{4}}\.csv',
        name,
    ), name
    # an ASCII name for clients that do not read filename*
    assert response.headers["Content-Disposition"].startswith(
        'attachment; filename="Resultats-Num?rique 6e _B_ ? mars-'.replace("?", "_")
    )


async def test_profiles_collection_export_bytes(api, auth_headers, seeded_url) -> None:
    await make_profiles_campaign(seeded_url)
    response = await api.get(PROFILES_CSV, headers=await auth_headers(PROF2))

    assert response.status_code == 200
    assert response.content == (DATA / "export-profiles-collection.csv").read_bytes()
    assert _file_name(response.headers["Content-Disposition"]).startswith(
        f"Resultats-Profils 3e-{PROFILES_CAMPAIGN_ID}-"
    )


async def test_access_token_in_the_query_like_older_pix(api, auth_headers, seeded_url) -> None:
    await make_class_campaign(seeded_url)
    token = _token(await auth_headers(PROF))

    response = await api.get(CLASS_CSV, params={"accessToken": token})
    assert response.status_code == 200
    assert response.content == (DATA / "export-assessment-class.csv").read_bytes()

    student = _token(await auth_headers(STUDENT))
    refused = await api.get(CLASS_CSV, params={"accessToken": student})
    assert (refused.status_code, refused.json()) == (403, E3_FORBIDDEN)
    forged = await api.get(CLASS_CSV, params={"accessToken": token[:-4] + "AAAA"})
    assert forged.status_code == 401
    anonymous = await api.get(CLASS_CSV)
    assert anonymous.status_code == 401


async def test_each_export_for_its_own_campaign_type(api, auth_headers, seeded_url) -> None:
    await make_class_campaign(seeded_url)
    await make_profiles_campaign(seeded_url)
    headers = await auth_headers(PROF)

    wrong = await api.get(
        f"/api/campaigns/{CLASS_CAMPAIGN_ID}/csv-profiles-collection-results", headers=headers
    )
    assert wrong.status_code == 400
    wrong = await api.get(
        f"/api/campaigns/{PROFILES_CAMPAIGN_ID}/csv-assessment-results", headers=headers
    )
    assert wrong.status_code == 400


async def test_an_empty_campaign_exports_its_header(api, auth_headers, seeded_url) -> None:
    from follow_support import create_campaign

    await create_campaign(seeded_url, id_=900_020, name="Vide", code="VIDEVI123")
    response = await api.get(
        "/api/campaigns/900020/csv-assessment-results", headers=await auth_headers(PROF)
    )
    lines = response.content.decode("utf-8").split("\n")
    assert lines[0].startswith('\ufeff"Nom de l\'organisation";"ID Campagne";"Code";')
    assert lines[1:] == [""]
