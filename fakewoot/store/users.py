"""Users (installation-wide), their devise_token_auth clients and passwords."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import field
from typing import TYPE_CHECKING, Any

from fakewoot.records import dataclass

if TYPE_CHECKING:
    from fakewoot.store.state import Store

# ActiveSupport: 1.month == 2_629_746 s; Chatwoot's token_lifespan is 2.months.
TOKEN_LIFESPAN_SECONDS = 2 * 2_629_746
MAX_CLIENTS_PER_USER = 25
# devise_token_auth's batch_request_buffer_throttle: the previous token stays usable this long.
TOKEN_BUFFER_SECONDS = 5
# SsoAuthenticatable: one-time tokens kept 5 minutes (SecureRandom.hex(32))
SSO_TOKEN_TTL_SECONDS = 5 * 60


@dataclass(slots=True)
class DeviseToken:
    """One signed-in client of a user (devise_token_auth's users.tokens[client])."""

    token: str
    expiry: int
    updated_at: float
    last_token: str | None = None


@dataclass(slots=True)
class User:
    id: int
    name: str
    email: str
    password_digest: str
    pubsub_token: str
    created_at: float
    updated_at: float
    display_name: str | None = None
    uid: str = ""
    provider: str = "email"
    confirmed_at: float | None = None
    unconfirmed_email: str | None = None
    message_signature: str | None = None
    ui_settings: dict[str, Any] = field(default_factory=dict)
    custom_attributes: dict[str, Any] = field(default_factory=dict)
    avatar_url: str = ""
    type: str | None = None
    tokens: dict[str, DeviseToken] = field(default_factory=dict)
    reset_password_token: str | None = None
    reset_password_sent_at: float | None = None
    confirmation_token: str | None = None

    @property
    def confirmed(self) -> bool:
        return self.confirmed_at is not None

    @property
    def available_name(self) -> str:
        return self.display_name if self.display_name else self.name


def digest_password(password: str, salt: str) -> str:
    """A salted digest; fakewoot is a fake, so speed beats bcrypt's cost here."""
    return salt + "$" + hashlib.sha256((salt + password).encode()).hexdigest()


def check_password(user: User, password: str) -> bool:
    salt, _, _ = user.password_digest.partition("$")
    return hmac.compare_digest(digest_password(password, salt), user.password_digest)


class Users:
    """Domain verbs on users. State lives in `store.state`; this object holds none."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def get(self, user_id: int) -> User | None:
        return self._store.state.users.get(user_id)

    def by_email(self, email: str) -> User | None:
        user_id = self._store.state.user_ids_by_email.get(email.strip().lower())
        return None if user_id is None else self._store.state.users.get(user_id)

    def create(
        self,
        *,
        name: str,
        email: str,
        password: str,
        display_name: str | None = None,
        confirmed: bool = True,
        user_id: int | None = None,
        pubsub_token: str | None = None,
        access_token: str | None = None,
        created_at: float | None = None,
        custom_attributes: dict[str, Any] | None = None,
        message_signature: str | None = None,
        ui_settings: dict[str, Any] | None = None,
        avatar_url: str = "",
        type: str | None = None,
    ) -> User:
        store = self._store
        state = store.state
        now = store.clock.now() if created_at is None else created_at
        email = email.strip().lower()
        user = User(
            id=user_id if user_id is not None else state.users.next_id(),
            name=name,
            email=email,
            uid=email,
            password_digest=digest_password(password, state.tokens.hex(16)),
            pubsub_token=pubsub_token or state.tokens.alnum(24),
            created_at=now,
            updated_at=now,
            display_name=display_name,
            confirmed_at=now if confirmed else None,
            custom_attributes=dict(custom_attributes or {}),
            message_signature=message_signature,
            ui_settings=dict(ui_settings or {}),
            avatar_url=avatar_url,
            type=type,
        )
        state.users.add(user)
        state.user_ids_by_email[email] = user.id
        store.access_tokens.issue("User", user.id, token=access_token)
        store.publish("user.created", user=user)
        return user

    def set_password(self, user: User, password: str) -> None:
        """Change the password; like DTA keep only the newest client, and rotate pubsub_token."""
        state = self._store.state
        user.password_digest = digest_password(password, state.tokens.hex(16))
        if user.tokens:
            newest = max(user.tokens.items(), key=lambda item: item[1].expiry)
            user.tokens = {newest[0]: newest[1]}
        user.pubsub_token = state.tokens.alnum(24)
        self.touch(user)

    def change_email(self, user: User, email: str) -> None:
        """Apply a new email at once (platform API, confirmations): uid follows email."""
        state = self._store.state
        state.user_ids_by_email.pop(user.email, None)
        user.email = email.strip().lower()
        user.uid = user.email
        user.unconfirmed_email = None
        state.user_ids_by_email[user.email] = user.id
        self.touch(user)

    def touch(self, user: User) -> None:
        user.updated_at = self._store.clock.now()
        self._store.publish("user.updated", user=user)

    def delete(self, user: User) -> None:
        state = self._store.state
        state.users.remove(user.id)
        state.user_ids_by_email.pop(user.email, None)
        self._store.access_tokens.revoke_owner("User", user.id)
        for account in state.accounts.values():
            account.members.pop(user.id, None)
        for app in state.platform_apps:
            app.permissibles.discard(("User", user.id))
        for token, (owner, _) in list(state.sso_tokens.items()):
            if owner == user.id:
                del state.sso_tokens[token]
        # has_many :articles, foreign_key: 'author_id', dependent: :nullify (v4.10)
        self._store.articles.forget_author(user.id)
        self._store.publish("user.deleted", user=user)

    # --- devise_token_auth clients -------------------------------------------------------------

    def sign_in(self, user: User) -> tuple[str, DeviseToken]:
        """Create a new client with a fresh token (DTA create_new_auth_token)."""
        store = self._store
        now = store.clock.now()
        client = store.state.tokens.urlsafe(22)
        token = DeviseToken(
            token=store.state.tokens.urlsafe(22),
            expiry=int(now) + TOKEN_LIFESPAN_SECONDS,
            updated_at=now,
        )
        user.tokens[client] = token
        while len(user.tokens) > MAX_CLIENTS_PER_USER:
            oldest = min(user.tokens.items(), key=lambda item: item[1].expiry)
            del user.tokens[oldest[0]]
        return client, token

    def valid_token(self, user: User, client: str, token: str) -> DeviseToken | None:
        """DTA valid_token?: the current token, unexpired; or the previous one within the buffer."""
        entry = user.tokens.get(client)
        if entry is None:
            return None
        now = self._store.clock.now()
        if entry.expiry <= now:
            return None
        if hmac.compare_digest(entry.token, token):
            return entry
        if (
            entry.last_token is not None
            and hmac.compare_digest(entry.last_token, token)
            and now - entry.updated_at < TOKEN_BUFFER_SECONDS
        ):
            return entry
        return None

    def sign_out(self, user: User, client: str) -> bool:
        return user.tokens.pop(client, None) is not None

    # --- confirmations and password resets -----------------------------------------------------

    def confirm(self, user: User) -> None:
        if user.confirmed_at is None:
            user.confirmed_at = self._store.clock.now()
            if user.unconfirmed_email:
                self.change_email(user, user.unconfirmed_email)
            self.touch(user)

    def send_confirmation(self, user: User, **data: Any) -> None:
        """Devise send_confirmation_instructions: a new raw token, mailed to the pending address
        (reconfirmable) or the email; the mail's data carries `confirmation_token`."""
        from fakewoot.store.mailer import CONFIRMATION_INSTRUCTIONS

        token = self._store.state.tokens.urlsafe(20)
        user.confirmation_token = token
        to = user.unconfirmed_email or user.email
        self._store.mailer.deliver(
            CONFIRMATION_INSTRUCTIONS, to, user_id=user.id, confirmation_token=token, **data
        )

    def by_confirmation_token(self, token: str) -> User | None:
        if not token:
            return None
        for user in self._store.state.users:
            if user.confirmation_token is not None and hmac.compare_digest(user.confirmation_token, token):
                return user
        return None

    def without_confirmation_token(self) -> User | None:
        """The first confirmed user who never had a confirmation token, by id."""
        for user in self._store.state.users:
            if user.confirmation_token is None and user.confirmed and not user.unconfirmed_email:
                return user
        return None

    def confirm_pending(self, user: User) -> bool:
        """Devise Confirmable#confirm: only while unconfirmed or an email change is pending
        (false: `already_confirmed`); a pending email becomes the email."""
        if user.confirmed_at is not None and not user.unconfirmed_email:
            return False
        if user.confirmed_at is None:
            user.confirmed_at = self._store.clock.now()
        if user.unconfirmed_email:
            self.change_email(user, user.unconfirmed_email)
        self.touch(user)
        return True

    def start_password_reset(self, user: User) -> str:
        """Devise send_reset_password_instructions: a new one-time token (the mail carries it)."""
        token = self._store.state.tokens.urlsafe(20)
        user.reset_password_token = token
        user.reset_password_sent_at = self._store.clock.now()
        return token

    def by_reset_token(self, token: str, within_seconds: float) -> User | None:
        for user in self._store.state.users:
            if user.reset_password_token is not None and hmac.compare_digest(
                user.reset_password_token, token
            ):
                sent = user.reset_password_sent_at or 0.0
                return user if self._store.clock.now() - sent <= within_seconds else None
        return None

    def finish_password_reset(self, user: User, password: str) -> None:
        """The token works once; the user is confirmed (Chatwoot) and the password set."""
        user.reset_password_token = None
        user.confirmation_token = None
        user.reset_password_sent_at = None
        self.confirm(user)
        self.set_password(user, password)

    def request_email_change(self, user: User, email: str) -> None:
        """Devise reconfirmable: the address waits in unconfirmed_email until confirmed."""
        user.unconfirmed_email = email.strip().lower()
        self.touch(user)

    def update(self, user: User, **changes: Any) -> None:
        for key, value in changes.items():
            setattr(user, key, value)
        self.touch(user)

    # --- platform SSO ---------------------------------------------------------------------------

    def issue_sso_token(self, user: User) -> str:
        state = self._store.state
        token = state.tokens.hex(64)
        state.sso_tokens[token] = (user.id, self._store.clock.now() + SSO_TOKEN_TTL_SECONDS)
        return token

    def consume_sso_token(self, user: User, token: str) -> bool:
        """valid_sso_auth_token? then invalidate_sso_auth_token: each token signs in once."""
        state = self._store.state
        found = state.sso_tokens.get(token)
        if found is None or found[0] != user.id:
            return False
        del state.sso_tokens[token]
        return self._store.clock.now() <= found[1]
