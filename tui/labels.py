"""French labels for the codes the API sends (roles, organisation types) and for people."""

from __future__ import annotations

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
    name = " ".join(part.strip() for part in (first_name, last_name) if part and part.strip())
    return name or fallback


def label_for(labels: dict[str, str], code: str | None) -> str:
    """The French label of an API code; an unknown code is shown as sent rather than hidden."""
    if not code:
        return "—"
    return labels.get(code, code)
