"""Wire strings of the auth, account and devise endpoints added in issue 12 (defined once; tests
import them). The older ones live in fakewoot/errors.py."""

from __future__ import annotations

# EnsureCurrentAccountHelper (app/controllers/concerns/ensure_current_account_helper.rb, v4.10)
MSG_ACCOUNT_SUSPENDED = "Account is suspended"
MSG_BOT_NOT_AUTHORIZED_ACCOUNT = "Bot is not authorized to access this account"
# DeviseOverrides::PasswordsController#create: config/locales/en.yml messages.reset_password_*
MSG_RESET_PASSWORD_SUCCESS = (
    "Woot! Request for password reset is successful. Check your mail for instructions."
)
MSG_RESET_PASSWORD_FAILURE = "Uh ho! We could not find any user with the specified email."
# DeviseOverrides::ConfirmationsController#render_confirmation_error
MSG_CONFIRMATION_INVALID_TOKEN = "Invalid token"
MSG_CONFIRMATION_ALREADY_CONFIRMED = "Already confirmed"
MSG_CONFIRMATION_FAILURE = "Failure"
# config/locales/en.yml errors.mfa.invalid_token (DeviseOverrides::SessionsController#handle_mfa_verification)
MSG_MFA_INVALID_TOKEN = "Invalid or expired MFA token"
# errors.mfa.feature_unavailable (Api::V1::Profile::MfaController, no encryption keys configured)
MSG_MFA_FEATURE_UNAVAILABLE = "MFA feature is not available. Please configure encryption keys."
