"""Rails-flavoured errors, their exact wire messages, and the one renderer.

Every error body fakewoot sends is built here. Sources: ../shared/reference/
accounts-auth-profile-agents-platform.md section 2.3 (RequestExceptionHandler, devise_token_auth).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

# --- wire strings (defined once; tests import them) --------------------------------------------
MSG_SIGN_IN_REQUIRED = "You need to sign in or sign up before continuing."
MSG_INVALID_ACCESS_TOKEN = "Invalid Access Token"
MSG_BOTS_NOT_AUTHORIZED = "Access to this endpoint is not authorized for bots"
MSG_NOT_AUTHORIZED_ACCOUNT = "You are not authorized to access this account"
MSG_NOT_AUTHORIZED_ACTION = "You are not authorized to do this action"
MSG_NOT_FOUND = "Resource could not be found"
MSG_PLATFORM_INVALID_TOKEN = "Invalid access_token"
MSG_PLATFORM_NON_PERMISSIBLE = "Non permissible resource"
MSG_INVALID_LOGIN = "Invalid login credentials. Please try again."
MSG_INVALID_TOKEN_VALIDATION = "Invalid login credentials"
MSG_SIGN_OUT_NOT_FOUND = "User was not found or was not logged in."
MSG_UNCONFIRMED = (
    "A confirmation email was sent to your account at '{email}'. "
    "You must follow the instructions in the email before your account can be activated"
)
MSG_RESET_PASSWORD_REQUESTED = (
    "Request for password reset is successful. "
    "A email with instructions will be sent to your email if it exists."
)
MSG_RESET_PASSWORD_INVALID_TOKEN = "Invalid token"
MSG_INVALID_CURRENT_PASSWORD = "Invalid current password"
MSG_SIGNUP_INVALID_PARAMS = "Invalid, please check the signup paramters and try again"
MSG_SIGNUP_INVALID_EMAIL = "You have entered an invalid email"
MSG_SIGNUP_EXISTING_EMAIL = "You have already signed up for an account with {email}"
MSG_PARAM_MISSING = "param is missing or the value is empty: {key}"
HEADER_CONTROL_TOKEN = "X-Fakewoot-Token"
MSG_CONTROL_TOKEN = (
    "the /_fakewoot control API needs the X-Fakewoot-Token header (FAKEWOOT_CONTROL_TOKEN is set)"
)
MSG_BODY_TOO_LARGE = "the request body is larger than fakewoot's limit of {limit} bytes (--max-body-bytes)"
MSG_NOT_IMPLEMENTED = "fakewoot does not implement {route} yet (real Chatwoot has it)"
MSG_ACCOUNT_LIMIT = "Account limit exceeded. Please purchase more licenses"

# Rails' default (public exceptions) bodies for errors Chatwoot does not rescue itself.
RAILS_STATUS_TEXT = {
    400: "Bad Request",
    404: "Not Found",
    405: "Method Not Allowed",
    406: "Not Acceptable",
    415: "Unsupported Media Type",
    422: "Unprocessable Entity",
    500: "Internal Server Error",
    501: "Not Implemented",
}


class ApiError(Exception):
    """An error with a status and a body; the renderer only copies them to the wire."""

    status: int = 500

    def __init__(self, body: Mapping[str, Any], status: int | None = None) -> None:
        super().__init__(str(body))
        self.body = dict(body)
        if status is not None:
            self.status = status


class Unauthenticated(ApiError):
    """401 from devise_token_auth's authenticate_user!."""

    status = 401

    def __init__(self) -> None:
        super().__init__({"errors": [MSG_SIGN_IN_REQUIRED]})


class Unauthorized(ApiError):
    """401 with Chatwoot's `{"error": msg}` body (tokens, membership, Pundit)."""

    status = 401

    def __init__(self, message: str = MSG_NOT_AUTHORIZED_ACTION) -> None:
        super().__init__({"error": message})


class NotFound(ApiError):
    """404 `Resource could not be found` (ActiveRecord::RecordNotFound in handle_with_exception)."""

    status = 404

    def __init__(self, message: str = MSG_NOT_FOUND) -> None:
        super().__init__({"error": message})


class Invalid(ApiError):
    """422 from ActiveRecord::RecordInvalid: full messages joined by ', ' and the attribute names."""

    status = 422

    def __init__(self, errors: Iterable[tuple[str, str]]) -> None:
        pairs = list(errors)
        attributes: list[str] = []
        for attr, _ in pairs:
            if attr not in attributes:
                attributes.append(attr)
        super().__init__({"message": ", ".join(msg for _, msg in pairs), "attributes": attributes})
        self.pairs = pairs


class CouldNotCreate(ApiError):
    """422 `{"error": msg}` from render_could_not_create_error."""

    status = 422

    def __init__(self, message: str) -> None:
        super().__init__({"error": message})


class CustomException(ApiError):
    """CustomExceptions::Base rendered by render_error_response: `{"message": msg}`, default 403."""

    status = 403

    def __init__(self, message: str, status: int = 403) -> None:
        super().__init__({"message": message}, status)


class ParameterMissing(ApiError):
    """ActionController::ParameterMissing as newer Chatwoot renders it."""

    status = 422

    def __init__(self, key: str) -> None:
        super().__init__({"error": MSG_PARAM_MISSING.format(key=key)})


class RailsDefault(ApiError):
    """An error Chatwoot does not rescue: Rails' public-exceptions JSON body."""

    def __init__(self, status: int) -> None:
        super().__init__({"status": status, "error": RAILS_STATUS_TEXT.get(status, "Error")}, status)


class BadRequest(RailsDefault):
    """400, e.g. a JSON body Rails cannot parse."""

    def __init__(self) -> None:
        super().__init__(400)


class RouteNotFound(RailsDefault):
    """404 for a path no route matches (ActionController::RoutingError)."""

    def __init__(self) -> None:
        super().__init__(404)


class NotImplementedInFake(ApiError):
    """501: a real Chatwoot endpoint fakewoot does not implement yet."""

    status = 501

    def __init__(self, route: str) -> None:
        super().__init__({"error": MSG_NOT_IMPLEMENTED.format(route=route)})


class PayloadTooLarge(ApiError):
    """A request body past fakewoot's --max-body-bytes (Chatwoot behind nginx answers 413 too)."""

    def __init__(self, limit: int) -> None:
        super().__init__({"error": MSG_BODY_TOO_LARGE.format(limit=limit)}, 413)


def render_error(error: ApiError) -> tuple[int, dict[str, Any]]:
    """The ONE place an error becomes a status and a JSON body."""
    return error.status, error.body
