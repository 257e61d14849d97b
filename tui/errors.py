"""The one mapper from client errors to what the user reads: one French sentence per class.

Workers catch everything and post the result of `error_message(...)`; nothing else in the TUI
turns an exception into text, so a wording is fixed here once. Server `detail` texts are not
shown as such: Pix sends some in English ("User has been temporary blocked.") and the classes
already say what happened.
"""

from __future__ import annotations

import logging

from textual.message import Message

from api_client import errors
from tui.messages import LoadFailed, SessionEnded

log = logging.getLogger(__name__)

UNREACHABLE = "Le serveur est injoignable."
INVALID_CREDENTIALS = "L'adresse e-mail et/ou le mot de passe saisis sont incorrects."
TEMPORARILY_BLOCKED = "Vous avez effectué trop de tentatives de connexion. Réessayez plus tard."
PERMANENTLY_BLOCKED = (
    "Votre compte est bloqué après de trop nombreuses tentatives de connexion. "
    "Contactez le support Pix pour le débloquer."
)
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
    (errors.PixError, UNEXPECTED),
)


def error_message(error: BaseException) -> str:
    """The French sentence the user reads for `error`.

    Errors outside the client's tree are bugs: they are logged with their traceback (for the
    developer, never on screen) and the user gets a generic sentence.
    """
    if isinstance(error, errors.AccountBlockedError):
        return PERMANENTLY_BLOCKED if error.permanent else TEMPORARILY_BLOCKED
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
