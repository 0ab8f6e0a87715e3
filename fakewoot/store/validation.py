"""Model validations (ActiveRecord's), raising errors.Invalid with Rails' full messages.

Messages are Rails' `en` defaults unless marked; see docs/fidelity.md for their sources.
"""

from __future__ import annotations

import re

from fakewoot.errors import Invalid

__all__ = ["Errors", "Invalid"]

# Devise's email_regexp (config/initializers/devise.rb default)
# Devise.email_regexp; re.ASCII as Ruby's \s is ASCII-only (a no-break space is allowed upstream)
EMAIL_RE = re.compile(r"\A[^@\s]+@[^@\s]+\Z", re.ASCII)
# what AccountBuilder's ValidEmail2::Address#valid? accepts: a dotted domain, no spaces
SIGNUP_EMAIL_RE = re.compile(r"\A[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+\Z")
NAME_MAX = 255
PASSWORD_LENGTH = (6, 128)
SPECIAL_CHARACTERS = set("!@#$%^&*()_+-=[]{}|'\"/\\^.,`<>:;?~ ")

MSG_BLANK = "{attr} can't be blank"
MSG_TOO_LONG = "{attr} is too long (maximum is {count} characters)"
MSG_TOO_SHORT = "{attr} is too short (minimum is {count} characters)"
MSG_INVALID = "{attr} is invalid"
MSG_TAKEN = "{attr} has already been taken"
MSG_CONFIRMATION = "{attr} doesn't match {other}"
MSG_INCLUSION = "{attr} is not included in the list"
MSG_MUST_EXIST = "{attr} must exist"
# devise-secure_password (Chatwoot's fork, password_has_required_content): one of each class, 6..128.
# Template "must contain at least %{count} %{type} %{subject}"; the special-character list is the one
# seen on a live Chatwoot (docs/fidelity.md).
MSG_PASSWORD_LENGTH = "Password must contain at least {count} characters"
MSG_PASSWORD_UPPER = "Password must contain at least 1 uppercase character (A..Z)"
MSG_PASSWORD_LOWER = "Password must contain at least 1 lowercase character (a..z)"
MSG_PASSWORD_DIGIT = "Password must contain at least 1 number character (0..9)"
MSG_PASSWORD_SPECIAL = 'Password must contain at least 1 special character (!@#$%^&*()_+-=[]{}|"/\\.,<>;?~)'
MSG_PASSWORD_TOO_LONG = "Password is too long (maximum is 128 characters)"


def human(attr: str) -> str:
    """Rails' human_attribute_name: "display_name" -> "Display name"."""
    return attr.replace("_", " ").capitalize()


class Errors:
    """ActiveModel::Errors: (attribute, full message) pairs in the order added."""

    def __init__(self) -> None:
        self.pairs: list[tuple[str, str]] = []

    def add(self, attr: str, template: str, **values: object) -> None:
        self.pairs.append((attr, template.format(attr=human(attr), **values)))

    def raise_if_any(self) -> None:
        if self.pairs:
            raise Invalid(self.pairs)


def blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def present(value: object) -> bool:
    """ActiveSupport's `present?`: not nil, false, a whitespace-only string or an empty collection."""
    if value is None or value is False:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    return not (isinstance(value, (dict, list)) and not value)


def check_name(errors: Errors, name: str | None, attr: str = "name", required: bool = True) -> None:
    if blank(name):
        if required:
            errors.add(attr, MSG_BLANK)
        return
    assert name is not None
    if len(name) > NAME_MAX:
        errors.add(attr, MSG_TOO_LONG, count=NAME_MAX)


def check_email(errors: Errors, email: str | None, *, taken: bool) -> None:
    if blank(email):
        errors.add("email", MSG_BLANK)
        return
    assert email is not None
    if not EMAIL_RE.match(email):
        errors.add("email", MSG_INVALID)
    elif taken:
        errors.add("email", MSG_TAKEN)


def check_password(errors: Errors, password: str | None, confirmation: str | None = None) -> None:
    if blank(password):
        errors.add("password", MSG_BLANK)
        return
    assert password is not None
    low, high = PASSWORD_LENGTH
    if len(password) < low:
        errors.pairs.append(("password", MSG_PASSWORD_LENGTH.format(count=low)))
    elif len(password) > high:
        errors.pairs.append(("password", MSG_PASSWORD_TOO_LONG))
    if not any(c.isupper() for c in password):
        errors.pairs.append(("password", MSG_PASSWORD_UPPER))
    if not any(c.islower() for c in password):
        errors.pairs.append(("password", MSG_PASSWORD_LOWER))
    if not any(c.isdigit() for c in password):
        errors.pairs.append(("password", MSG_PASSWORD_DIGIT))
    if not any(c in SPECIAL_CHARACTERS for c in password):
        errors.pairs.append(("password", MSG_PASSWORD_SPECIAL))
    if confirmation is not None and confirmation != password:
        errors.add("password_confirmation", MSG_CONFIRMATION, other="Password")


# Account settings JSON schema (app/models/account.rb SETTINGS_PARAMS_SCHEMA, JsonSchemaValidator)
# spec/models/account_spec.rb: errors[:auto_resolve_after] == ['must be greater than or equal to 10']
MSG_AUTO_RESOLVE_MIN = "Auto resolve after must be greater than or equal to {low}"
MSG_AUTO_RESOLVE_MAX = "Auto resolve after must be less than or equal to {high}"
MSG_AUTO_RESOLVE_TYPE = "Auto resolve after must be an integer or null"
MESSAGE_SIGNATURE_MAX = 20_000


TEXT_MAX = 20_000


def check_column_lengths(
    errors: Errors, values: dict[str, object], strings: tuple[str, ...] = (), texts: tuple[str, ...] = ()
) -> None:
    """ApplicationRecord#validates_column_content_length (a before_validation callback, so its
    errors come first): string columns at most 255 characters, text columns 20 000."""
    for key, limit in [*((k, NAME_MAX) for k in strings), *((k, TEXT_MAX) for k in texts)]:
        value = values.get(key)
        if isinstance(value, str) and len(value) > limit:
            errors.add(key, MSG_TOO_LONG, count=limit)


def invalid(attr: str, template: str, **values: object) -> None:
    """Raise a one-error RecordInvalid."""
    errors = Errors()
    errors.add(attr, template, **values)
    errors.raise_if_any()
