"""Demo campaigns: about thirty in the collège across its two teachers, a few in the lycée.

Fixed codes the guides and tests rely on: RENTRE123 (assessment "Parcours de rentrée 5e",
active, owned by prof@), PROFIL456 (profiles collection, active), ARCHIV789 (archived). The
other codes are drawn from a random generator seeded with the campaign's organisation and
name, so they are the same on every machine. A campaign already there (same code) is left
as it is: what a demo user changed survives a re-seed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING

from sqlalchemy import select

from server.models import Campaign, CampaignType, ExternalIdType
from server.usecases.campaign_codes import generate_campaign_code

if TYPE_CHECKING:
    from server.seed import SeedContext

PROF = "prof@example.net"
PROF2 = "prof2@example.net"
COLLEGE = "Collège Pix (DEMO)"
LYCEE = "Lycée Pix (DEMO)"

A = CampaignType.ASSESSMENT
P = CampaignType.PROFILES_COLLECTION

# Target profiles of server/content/target_profiles.yaml, by id.
RENTREE_5E = 1
RECHERCHE = 2
DONNEES = 3
TRAITER = 4
DOCUMENTS = 5
SECURISER = 6
VIE_PRIVEE = 7
INITIATION_6E = 8
PROTECTION_6E = 9
EMI_LYCEE = 10
TABLEUR_MATHS = 11
SECONDE = 12
SECURITE_ESSENTIELS = 13
CDI = 14

RENTREE_TEXT = (
    "Bonjour ! Ce parcours fait le point sur tes compétences numériques en ce début "
    "d'année de 5e. Réponds seul(e), sans chercher sur Internet : ce n'est pas une note, "
    "c'est pour savoir par où commencer."
)
PROFILES_TEXT = (
    "Envoie ton profil Pix à ton professeur principal avant les vacances. "
    "Pense à bien cliquer sur « J'envoie mes résultats » à la fin."
)


@dataclass(frozen=True)
class DemoCampaign:
    organization: str
    name: str
    type: CampaignType
    owner: str
    created: str  # YYYY-MM-DD, at 08:00 UTC
    target_profile_id: int | None = None
    code: str | None = None  # drawn from the name when None
    archived_after_days: int | None = None
    title: str | None = None
    custom_landing_page_text: str | None = None
    multiple_sendings: bool = False
    external_id_label: str | None = None

    @property
    def created_at(self) -> datetime:
        return datetime.fromisoformat(self.created).replace(hour=8, tzinfo=UTC)

    @property
    def archived_at(self) -> datetime | None:
        if self.archived_after_days is None:
            return None
        return self.created_at + timedelta(days=self.archived_after_days)

    def demo_code(self) -> str:
        if self.code is not None:
            return self.code
        return generate_campaign_code(random.Random(f"{self.organization}|{self.name}"))


_college = partial(DemoCampaign, COLLEGE)
_lycee = partial(DemoCampaign, LYCEE)


DEMO_CAMPAIGNS: list[DemoCampaign] = [
    # This school year's two campaigns, the demo's busiest, open the teacher's list.
    _college("Parcours de rentrée 5e", A, PROF, "2025-09-04", target_profile_id=RENTREE_5E,
             code="RENTRE123", title="Bienvenue en 5e", custom_landing_page_text=RENTREE_TEXT),
    _college("Collecte des profils 3e", P, PROF, "2025-09-08", code="PROFIL456",
             custom_landing_page_text=PROFILES_TEXT, external_id_label="Numéro INE"),
    _college("Protection et sécurité 6e (ancienne version)", A, PROF2, "2024-09-03",
             target_profile_id=PROTECTION_6E, code="ARCHIV789", archived_after_days=30),
    _college("Initiation au numérique 6e A", A, PROF, "2024-09-16",
             target_profile_id=INITIATION_6E),
    _college("Initiation au numérique 6e B", A, PROF, "2024-09-17",
             target_profile_id=INITIATION_6E),
    _college("Initiation au numérique 6e C", A, PROF2, "2024-09-18",
             target_profile_id=INITIATION_6E),
    _college("Sécurité numérique 4e A", A, PROF2, "2024-09-30",
             target_profile_id=SECURITE_ESSENTIELS),
    _college("Sécurité numérique 4e B", A, PROF2, "2024-10-01",
             target_profile_id=SECURITE_ESSENTIELS),
    _college("Parcours de rentrée 5e – rattrapage", A, PROF2, "2024-10-07",
             target_profile_id=RENTREE_5E, archived_after_days=45),
    _college("Recherche documentaire au CDI 5e", A, PROF, "2024-10-14", target_profile_id=CDI,
             title="Au CDI"),
    _college("Recherche documentaire au CDI 6e", A, PROF, "2024-10-15", target_profile_id=CDI,
             archived_after_days=60),
    _college("Protection et sécurité 6e A", A, PROF, "2024-11-04",
             target_profile_id=PROTECTION_6E),
    _college("Protection et sécurité 6e B", A, PROF2, "2024-11-05",
             target_profile_id=PROTECTION_6E),
    _college("Tableur et graphiques 4e", A, PROF2, "2024-11-18",
             target_profile_id=TABLEUR_MATHS, title="Mathématiques : le tableur"),
    _college("Tableur et graphiques 3e", A, PROF2, "2024-11-19",
             target_profile_id=TABLEUR_MATHS),
    _college("Mener une recherche d'information 3e", A, PROF, "2025-01-13",
             target_profile_id=RECHERCHE),
    _college("Gérer ses fichiers 5e", A, PROF, "2025-01-20", target_profile_id=DONNEES),
    _college("Traiter des données 3e", A, PROF2, "2025-02-03", target_profile_id=TRAITER),
    _college("Rédiger un document 4e", A, PROF, "2025-02-10", target_profile_id=DOCUMENTS,
             multiple_sendings=True),
    _college("Sécuriser son environnement numérique 3e", A, PROF2, "2025-03-03",
             target_profile_id=SECURISER),
    _college("Protéger ses données personnelles 4e", A, PROF, "2025-03-10",
             target_profile_id=VIE_PRIVEE),
    _college("Profils Pix 6e", P, PROF, "2025-03-17"),
    _college("Profils Pix 5e", P, PROF2, "2025-03-18"),
    _college("Profils Pix 4e", P, PROF2, "2025-03-19", archived_after_days=40),
    _college("Préparation à la certification Pix 3e", P, PROF, "2025-04-07",
             external_id_label="Numéro d'élève", multiple_sendings=True),
    _college("Brevet blanc numérique 3e", A, PROF, "2025-04-14",
             target_profile_id=SECURITE_ESSENTIELS, archived_after_days=21),
    _college("Sécurité numérique 5e", A, PROF2, "2025-05-05",
             target_profile_id=SECURITE_ESSENTIELS),
    _college("Atelier tableur 5e (club numérique)", A, PROF2, "2025-05-12",
             target_profile_id=TABLEUR_MATHS, multiple_sendings=True),
    _college("Découverte du numérique – ULIS", A, PROF, "2025-05-19",
             target_profile_id=INITIATION_6E, title="Découverte du numérique"),
    _college("Évaluation de fin d'année 4e", A, PROF, "2025-06-02",
             target_profile_id=SECURITE_ESSENTIELS),
    _lycee("Parcours Seconde – rentrée", A, PROF, "2024-09-09", target_profile_id=SECONDE),
    _lycee("Éducation aux médias 2nde 3", A, PROF, "2024-09-23", target_profile_id=EMI_LYCEE),
    _lycee("Éducation aux médias 1re (2023)", A, PROF, "2024-10-07", target_profile_id=EMI_LYCEE,
           archived_after_days=14),
    _lycee("Profils Pix Terminale", P, PROF, "2024-12-02"),
]  # fmt: skip


async def seed_campaigns(context: SeedContext) -> None:
    """Add the demo campaigns that are missing (found by code)."""
    codes = [demo.demo_code() for demo in DEMO_CAMPAIGNS]
    existing = set(
        await context.session.scalars(select(Campaign.code).where(Campaign.code.in_(codes)))
    )
    for demo, code in zip(DEMO_CAMPAIGNS, codes, strict=True):
        if code in existing:
            continue
        owner = context.users[demo.owner]
        context.session.add(
            Campaign(
                name=demo.name,
                code=code,
                type=demo.type,
                title=demo.title,
                target_profile_id=demo.target_profile_id,
                organization_id=context.organizations[demo.organization].id,
                creator_id=owner.id,
                owner_id=owner.id,
                custom_landing_page_text=demo.custom_landing_page_text,
                external_id_label=demo.external_id_label,
                external_id_type=ExternalIdType.STRING if demo.external_id_label else None,
                multiple_sendings=demo.multiple_sendings,
                is_for_absolute_novice=False,
                created_at=demo.created_at,
                archived_at=demo.archived_at,
                archived_by_id=owner.id if demo.archived_at else None,
            )
        )
    await context.session.flush()
