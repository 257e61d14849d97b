"""What Pix Admin's screens call things: statuses, actions of the history, dates with times.

Statuses are written as words (and a sign where it helps), never carried by colour alone: a
screen reader, `NO_COLOR` or a screenshot in black and white keep the meaning.
"""

from __future__ import annotations

from datetime import datetime

from tui.labels import french_date

NONE = "—"

CAMPAIGN_STATUSES = {"ACTIVE": "Active", "ARCHIVED": "Archivée", "DELETED": "Supprimée"}
# Short enough for a table column; the campaign screen says "Campagne d'évaluation".
CAMPAIGN_TYPES_SHORT = {"ASSESSMENT": "Évaluation", "PROFILES_COLLECTION": "Collecte"}
PARTICIPATION_STATUSES = {
    "STARTED": "En cours",
    "TO_SHARE": "En attente d'envoi",
    "SHARED": "Résultats reçus",
}
# A collection of profiles receives a profile, not results (Pix Orga says "Profil reçu").
PROFILE_SHARED = "Profil reçu"
PARTICIPATION_DELETED = "Supprimée"

AUDIT_ACTIONS = {
    "ARCHIVE_CAMPAIGN": "Campagne archivée",
    "UNARCHIVE_CAMPAIGN": "Campagne désarchivée",
    "CHANGE_OWNER": "Propriétaire changé",
    "DELETE_PARTICIPATION": "Participation supprimée",
    "UPDATE_CAMPAIGN": "Campagne modifiée",
    "UPDATE_EXTERNAL_ID": "Identifiant externe modifié",
}
# The attributes an audit entry may hold, as the history names them. Ids that only repeat
# a name shown next to them ("owner-id" beside "owner-full-name", "archived-by" beside the
# admin who acted) are left out: they mean nothing to the reader.
AUDIT_ATTRIBUTES = {
    "archived-at": "Archivée le",
    "owner-full-name": "Propriétaire",
    "deleted-at": "Supprimée le",
    "participant-external-id": "Identifiant externe",
    "name": "Nom",
    "title": "Titre du parcours",
    "custom-landing-page-text": "Texte de la page d'accueil",
    "custom-result-page-text": "Texte de la page de fin",
    "custom-result-page-button-text": "Texte du bouton de fin",
    "custom-result-page-button-url": "Lien du bouton de fin",
    "multiple-sendings": "Envoi multiple",
}
HIDDEN_AUDIT_ATTRIBUTES = frozenset({"owner-id", "archived-by", "deleted-by"})


def french_datetime(moment: datetime | None) -> str:
    """ "05/10/2024 à 14:03" in the user's local time; "—" for None."""
    if moment is None:
        return NONE
    local = moment.astimezone() if moment.tzinfo is not None else moment
    return f"{french_date(local)} à {local.strftime('%H:%M')}"


def days_label(days: int) -> str:
    """ "1 jour", "7 jours"."""
    return f"{days} jour" if days == 1 else f"{days} jours"


def participants_label(count: int) -> str:
    """ "0 participant", "1 participant", "20 participants" (French: singular up to 1)."""
    return f"{count} participant" if count <= 1 else f"{count} participants"
