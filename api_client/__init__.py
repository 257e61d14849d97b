"""Typed async client of the Pix API (Orga, App, Admin) — no Textual, no server code here.

from api_client import PixClient, open_token_store

store, warning = open_token_store()
async with PixClient("https://app.pix.fr", token_store=store) as client:
    session = await client.login("prof@example.net", "…")
    prescriber = await client.orga.prescriber()
"""

from api_client._http import ASGITransport, AsyncBaseTransport
from api_client.client import PixClient
from api_client.errors import (
    AccountBlockedError,
    AuthenticationError,
    ConflictError,
    ErrorObject,
    InvalidCredentialsError,
    NetworkError,
    NetworkTimeoutError,
    NoSessionError,
    NotFoundError,
    PasswordChangeRequiredError,
    PermissionDeniedError,
    PixApiError,
    PixError,
    PreconditionFailedError,
    RateLimitError,
    ServerError,
    SessionExpiredError,
    UnexpectedResponseError,
    ValidationError,
)
from api_client.models import (
    AdminMember,
    MemberIdentity,
    Membership,
    Organization,
    Page,
    PageMeta,
    Prescriber,
    TokenResponse,
    User,
    UserOrgaSettings,
)
from api_client.pagination import AsyncPaginator
from api_client.spaces import Session, Space
from api_client.token_store import (
    FileTokenStore,
    KeyringTokenStore,
    MemoryTokenStore,
    TokenStore,
    TokenStoreError,
    open_token_store,
)
from api_client.version import __version__

__all__ = [
    "ASGITransport",
    "AccountBlockedError",
    "AdminMember",
    "AsyncBaseTransport",
    "AsyncPaginator",
    "AuthenticationError",
    "ConflictError",
    "ErrorObject",
    "FileTokenStore",
    "InvalidCredentialsError",
    "KeyringTokenStore",
    "MemberIdentity",
    "Membership",
    "MemoryTokenStore",
    "NetworkError",
    "NetworkTimeoutError",
    "NoSessionError",
    "NotFoundError",
    "Organization",
    "Page",
    "PageMeta",
    "PasswordChangeRequiredError",
    "PermissionDeniedError",
    "PixApiError",
    "PixClient",
    "PixError",
    "PreconditionFailedError",
    "Prescriber",
    "RateLimitError",
    "ServerError",
    "Session",
    "SessionExpiredError",
    "Space",
    "TokenResponse",
    "TokenStore",
    "TokenStoreError",
    "UnexpectedResponseError",
    "User",
    "UserOrgaSettings",
    "ValidationError",
    "__version__",
    "open_token_store",
]
