"""French labels for the codes the API sends (roles, organisation types) and for people."""

from __future__ import annotations

from datetime import datetime

from tui.widgets.safe_text import one_line

ORGANIZATION_ROLES = {"ADMIN": "Administrateur", "MEMBER": "Membre"}
ORGANIZATION_TYPES = {
    "SCO": "Établissement scolaire",
    "SCO-1D": "École primaire",
    "SUP": "Enseignement supérieur",
    "PRO": "Organisation professionnelle",
}
ADMIN_ROLES = {
    "SUPER_ADMIN": "Super administrateur",
    "SUPPORT": "Support",
    "METIER": "Métier",
    "CERTIF": "Certification",
}


def person_name(first_name: str | None, last_name: str | None, fallback: str = "") -> str:
    """The name as "Prénom Nom", or `fallback` (usually the e-mail) when the server gave no name."""
    # Names come from other users: cleaned of terminal controls and folded on one line.
    name = one_line(" ".join(part for part in (first_name, last_name) if part))
    return name or one_line(fallback)


def label_for(labels: dict[str, str], code: str | None) -> str:
    """The French label of an API code; an unknown code is shown as sent rather than hidden."""
    if not code:
        return "—"
    return labels.get(code, one_line(code))


CAMPAIGN_TYPES = {
    "ASSESSMENT": "Campagne d'évaluation",
    "PROFILES_COLLECTION": "Campagne de collecte de profils",
}
# Pix Orga's names of the target-profile categories, in the order it lists them.
TARGET_PROFILE_CATEGORIES = {
    "BACK_TO_SCHOOL": "Parcours de rentrée / 6e",
    "COMPETENCES": "Les 16 compétences",
    "DISCIPLINE": "Disciplinaires",
    "PREDEFINED": "Parcours prédéfinis",
    "TARGETED": "Parcours ciblés",
    "SUBJECT": "Thématiques",
    "CUSTOM": "Parcours sur-mesure",
    "PIX_PLUS": "Pix+",
    "OTHER": "Autres",
}


def french_date(moment: datetime | None) -> str:
    """A date as Pix Orga's tables show it: dd/mm/yyyy (in the user's local time)."""
    if moment is None:
        return "—"
    local = moment.astimezone() if moment.tzinfo is not None else moment
    return local.strftime("%d/%m/%Y")
