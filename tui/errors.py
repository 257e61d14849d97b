"""The one mapper from client errors to what the user reads: one French sentence per class.

Workers catch everything and post the result of `error_message(...)`; nothing else in the TUI
turns an exception into text, so a wording is fixed here once. Server `detail` texts are not
shown as such: Pix sends some in English ("User has been temporary blocked.") and the classes
already say what happened.

Failures the user cannot fix and may report (a server error, a timeout, an answer nobody
expected) end with the reference of the request they came from, "(Réf. 7F3A2C)": the same id
is in the log file (`tui.request_log`), so the support finds the exchange.
"""

from __future__ import annotations

import logging

from textual.message import Message

from api_client import errors
from tui.messages import AdminRequestFailed, CampaignActionFailed, LoadFailed, SessionEnded
from tui.request_log import reference

log = logging.getLogger(__name__)

UNREACHABLE = "Le serveur est injoignable."
INVALID_CREDENTIALS = "L'adresse e-mail et/ou le mot de passe saisis sont incorrects."
TEMPORARILY_BLOCKED = "Vous avez effectué trop de tentatives de connexion. Réessayez plus tard."
PERMANENTLY_BLOCKED = (
    "Votre compte est bloqué après de trop nombreuses tentatives de connexion. "
    "Contactez le support Pix pour le débloquer."
)
# The client's own sentence: "Ce serveur ne propose pas cette fonction (extension pix-tui)."
EXTENSION_UNAVAILABLE = f"{errors.EXTENSION_UNAVAILABLE_MESSAGE}."
UNEXPECTED = (
    "Une erreur inattendue est survenue. Réessayez ; si elle persiste, contactez le support."
)

# Most specific class first: the first match wins (subclasses before their bases).
_MESSAGES: tuple[tuple[type[BaseException], str], ...] = (
    (errors.InvalidCredentialsError, INVALID_CREDENTIALS),
    (
        errors.PasswordChangeRequiredError,
        "Vous devez changer votre mot de passe. Faites-le sur app.pix.fr, puis reconnectez-vous.",
    ),
    (errors.SessionExpiredError, "Votre session a expiré. Veuillez vous reconnecter."),
    (errors.AuthenticationError, "Votre session a expiré. Veuillez vous reconnecter."),
    (errors.PermissionDeniedError, "Vous n'avez pas les droits pour effectuer cette action."),
    (errors.NotFoundError, "L'élément demandé est introuvable."),
    (
        errors.ConflictError,
        "Cette action n'est plus possible : les données ont changé entre-temps.",
    ),
    (errors.PreconditionFailedError, "Cette action n'est pas possible dans l'état actuel."),
    (errors.ValidationError, "Les informations saisies ne sont pas valides."),
    (
        errors.RateLimitError,
        "Trop de demandes en peu de temps. Patientez un instant puis réessayez.",
    ),
    (errors.ServerError, "Le serveur a rencontré une erreur. Réessayez dans quelques instants."),
    (
        errors.NetworkTimeoutError,
        "Le serveur ne répond pas. Vérifiez votre connexion puis réessayez.",
    ),
    (errors.NetworkError, UNREACHABLE),
    (errors.NoSessionError, "Vous n'avez pas accès à cet espace. Reconnectez-vous."),
    (errors.UnexpectedResponseError, "Le serveur a envoyé une réponse incompréhensible."),
    # Pix Admin functions that only pix-tui's own server offers (the client says which).
    (errors.ExtensionUnavailableError, EXTENSION_UNAVAILABLE),
    (errors.PixError, UNEXPECTED),
)


# Worth a reference: the user cannot act on them, the support may want the exchange.
_REFERENCED: tuple[type[BaseException], ...] = (
    errors.ServerError,
    errors.NetworkTimeoutError,
    errors.UnexpectedResponseError,
)


def error_message(error: BaseException) -> str:
    """The French sentence the user reads for `error`, with " (Réf. XXXXXX)" when it is a
    failure worth reporting and the request it came from is known.

    Errors outside the client's tree are bugs: they are logged with their traceback (for the
    developer, never on screen) and the user gets a generic sentence.
    """
    message = _plain_message(error)
    if isinstance(error, _REFERENCED) or (
        message == UNEXPECTED and isinstance(error, errors.PixError)
    ):
        ref = reference(error)
        if ref is not None:
            log.warning("shown with reference %s: %r", ref, error)
            return f"{message} (Réf. {ref})"
    return message


CAMPAIGN_ARCHIVED = (
    "Ce parcours a été archivé par son organisateur : il n'est plus possible d'y répondre "
    "ni d'envoyer ses résultats."
)
TOO_LARGE = "Le texte envoyé est trop long pour le serveur. Raccourcissez-le puis réessayez."


def is_archived_campaign(error: BaseException) -> bool:
    """Whether `error` refuses an answer or a sending because the campaign was archived."""
    if not isinstance(error, errors.PixApiError):
        return False
    # Our server says so with a code on answers; Pix itself refuses a sharing on an archived
    # campaign with a 412 whose only mark is this sentence.
    return error.code == "CAMPAIGN_ARCHIVED" or (
        error.status == 412 and "archived campaign" in (error.detail or "")
    )


def _plain_message(error: BaseException) -> str:
    if isinstance(error, errors.AccountBlockedError):
        return PERMANENTLY_BLOCKED if error.permanent else TEMPORARILY_BLOCKED
    if isinstance(error, errors.PixApiError):
        if is_archived_campaign(error):
            return CAMPAIGN_ARCHIVED
        if error.status == 413:
            return TOO_LARGE
    for error_class, message in _MESSAGES:
        if isinstance(error, error_class):
            return message
    log.error("unexpected error", exc_info=error)
    return UNEXPECTED


def is_unreachable(error: BaseException) -> bool:
    """Whether no answer came back at all (the screen then offers "Réessayer")."""
    return isinstance(error, errors.NetworkError)


def ends_session(error: BaseException) -> bool:
    """Whether the session is over (refused token, no session): only a new login helps."""
    return isinstance(error, errors.AuthenticationError | errors.NoSessionError)


def failure_message(error: BaseException) -> Message:
    """The message a worker posts for `error`: `SessionEnded` or `LoadFailed`."""
    text = error_message(error)
    if ends_session(error):
        return SessionEnded(text)
    return LoadFailed(text)


# -- campaign forms: Pix's raw validation keys (CONTRACT §4.3, §4.5) in French ---------------

CAMPAIGN_FIELD_ERRORS: dict[str, str] = {
    "CAMPAIGN_NAME_IS_REQUIRED": "Veuillez donner un nom à votre campagne.",
    "CAMPAIGN_NAME_IS_TOO_LONG": "Le nom de la campagne ne doit pas dépasser 255 caractères.",
    "CAMPAIGN_PURPOSE_IS_REQUIRED": "Veuillez choisir l'objectif de votre campagne.",
    "TARGET_PROFILE_IS_REQUIRED": "Veuillez choisir un parcours.",
    "TARGET_PROFILE_NOT_ALLOWED_FOR_PROFILES_COLLECTION_CAMPAIGN": (
        "Une collecte de profils ne porte sur aucun parcours."
    ),
    "TITLE_OF_PERSONALISED_TEST_IS_NOT_ALLOWED_FOR_PROFILES_COLLECTION_CAMPAIGN": (
        "Une collecte de profils n'a pas de titre de parcours."
    ),
    "CAMPAIGN_TITLE_IS_TOO_LONG": "Le titre du parcours ne doit pas dépasser 50 caractères.",
    "CUSTOM_LANDING_PAGE_TEXT_IS_TOO_LONG": (
        "Le texte de la page d'accueil ne doit pas dépasser 5000 caractères."
    ),
    "MISSING_OWNER": "Veuillez choisir le propriétaire de la campagne.",
    "OWNER_NOT_IN_ORGANIZATION": (
        "Le propriétaire doit être membre de l'organisation. Choisissez-en un autre."
    ),
    "EXTERNAL_USER_ID_IS_REQUIRED": (
        "Veuillez préciser le libellé du champ qui sera demandé à vos participants au "
        "démarrage du parcours (3 caractères au moins)."
    ),
    "EXTERNAL_ID_LABEL_IS_TOO_LONG": "Le libellé ne doit pas dépasser 255 caractères.",
    "MISSING_ID_PIX_TYPE": "Veuillez choisir le type de l'identifiant externe.",
    "MISSING_ORGANIZATION": "Aucune organisation n'est sélectionnée. Rechargez la page.",
}
INVALID_FIELD = "Cette valeur n'est pas acceptée."


def field_errors(error: BaseException) -> dict[str, str]:
    """French message per field ("name", "target-profile"…) of a refused campaign form.

    Empty when `error` is not a validation error. A key this table does not know is shown
    as a generic sentence (and logged): the raw key means nothing to a teacher.
    """
    if not isinstance(error, errors.ValidationError):
        return {}
    result: dict[str, str] = {}
    for field, key in error.field_errors.items():
        message = CAMPAIGN_FIELD_ERRORS.get(key)
        if message is None:
            log.warning("untranslated validation key %r on %r", key, field)
            message = INVALID_FIELD
        result[field] = message
    return result


def campaign_failure(error: BaseException) -> Message:
    """What a campaign worker posts for `error`: `SessionEnded` or `CampaignActionFailed`."""
    text = error_message(error)
    if ends_session(error):
        return SessionEnded(text)
    return CampaignActionFailed(
        text,
        fields=field_errors(error),
        unreachable=is_unreachable(error),
        forbidden=isinstance(error, errors.PermissionDeniedError),
    )


def admin_failure(error: BaseException, place: str) -> Message:
    """What a Pix Admin worker posts for `error`: `SessionEnded`, or `AdminRequestFailed`
    shown at `place` (a refused owner gets its French field message)."""
    text = error_message(error)
    if ends_session(error):
        return SessionEnded(text)
    return AdminRequestFailed(
        text,
        place,
        forbidden=isinstance(error, errors.PermissionDeniedError),
        unreachable=is_unreachable(error),
        fields=field_errors(error),
    )
