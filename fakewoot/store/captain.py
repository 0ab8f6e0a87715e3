"""Captain preferences (app/models/concerns/captain_featurable.rb, lib/llm/models.rb, config/llm.yml at
v4.10): an account's captain_models (feature -> model, validated against the feature's models) and
captain_features (feature -> enabled), merged on update. config/llm.yml's first key is spelled
`aproviders` at e13e3c87, so Llm::Models.providers is nil there: PROVIDERS is None.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fakewoot.store.validation import Errors

if TYPE_CHECKING:
    from fakewoot.store.accounts import Account

PROVIDERS: dict[str, Any] | None = None  # CONFIG['providers'] of a file whose key is 'aproviders'


def _model(provider: str, name: str, credits: int, coming_soon: bool = False) -> dict[str, Any]:
    body: dict[str, Any] = {"provider": provider, "display_name": name}
    if coming_soon:
        body["coming_soon"] = True
    body["credit_multiplier"] = credits
    return body


MODELS: dict[str, dict[str, Any]] = {
    "gpt-4.1": _model("openai", "GPT-4.1", 3),
    "gpt-4.1-mini": _model("openai", "GPT-4.1 Mini", 1),
    "gpt-4.1-nano": _model("openai", "GPT-4.1 Nano", 1),
    "gpt-5.1": _model("openai", "GPT-5.1", 2),
    "gpt-5-mini": _model("openai", "GPT-5 Mini", 1),
    "gpt-5-nano": _model("openai", "GPT-5 Nano", 1),
    "gpt-5.2": _model("openai", "GPT-5.2", 3),
    "claude-haiku-4.5": _model("anthropic", "Claude Haiku 4.5", 2, True),
    "claude-sonnet-4.5": _model("anthropic", "Claude Sonnet 4.5", 3, True),
    "gemini-3-flash": _model("gemini", "Gemini 3 Flash", 1, True),
    "gemini-3-pro": _model("gemini", "Gemini 3 Pro", 3, True),
    "whisper-1": _model("openai", "Whisper", 1),
    "text-embedding-3-small": _model("openai", "Text Embedding 3 Small", 1),
}
_CHAT = (
    "gpt-5-mini",
    "gpt-4.1",
    "gpt-5.1",
    "gpt-5.2",
    "claude-haiku-4.5",
    "claude-sonnet-4.5",
    "gemini-3-flash",
    "gemini-3-pro",
)
FEATURES: dict[str, dict[str, Any]] = {
    "editor": {
        "models": [
            "gpt-4.1-mini",
            "gpt-4.1-nano",
            "gpt-5-mini",
            "gpt-4.1",
            "gpt-5.1",
            "gpt-5.2",
            "claude-haiku-4.5",
            "gemini-3-flash",
            "gemini-3-pro",
        ],
        "default": "gpt-4.1-mini",
    },
    "assistant": {"models": list(_CHAT), "default": "gpt-5.1"},
    "copilot": {"models": list(_CHAT), "default": "gpt-5.1"},
    "label_suggestion": {
        "models": ["gpt-4.1-nano", "gpt-4.1-mini", "gpt-5-mini", "gemini-3-flash", "claude-haiku-4.5"],
        "default": "gpt-4.1-nano",
    },
    "audio_transcription": {"models": ["whisper-1"], "default": "whisper-1"},
    "help_center_search": {"models": ["text-embedding-3-small"], "default": "text-embedding-3-small"},
}
FEATURE_KEYS = tuple(FEATURES)
MSG_INVALID_MODEL = "Captain models '{model}' is not a valid model for {feature}. Allowed: {allowed}"


def feature_config(key: str) -> dict[str, Any]:
    """Llm::Models.feature_config: the feature's models (id, display_name, provider, coming_soon,
    credit_multiplier) and default."""
    feature = FEATURES[key]
    models = [
        {
            "id": name,
            "display_name": MODELS[name]["display_name"],
            "provider": MODELS[name]["provider"],
            "coming_soon": MODELS[name].get("coming_soon"),
            "credit_multiplier": MODELS[name]["credit_multiplier"],
        }
        for name in feature["models"]
    ]
    return {"models": models, "default": feature["default"]}


def models_with_defaults(account: Account) -> dict[str, str]:
    stored = account.captain_models or {}
    result = {}
    for key in FEATURE_KEYS:
        value = stored.get(key)
        result[key] = (
            value
            if value not in (None, "") and value in FEATURES[key]["models"]
            else FEATURES[key]["default"]
        )
    return result


def features_with_defaults(account: Account) -> dict[str, bool]:
    stored = account.captain_features or {}
    return {key: stored.get(key) is True for key in FEATURE_KEYS}


def update_preferences(
    account: Account, models: dict[str, Any] | None, features: dict[str, Any] | None, now: float
) -> None:
    """Merge into the stored hashes, validate captain_models (RecordInvalid), save (updated_at when
    something changed)."""
    before = (account.captain_models, account.captain_features)
    new_models = (
        {**(account.captain_models or {}), **models} if models is not None else account.captain_models
    )
    errors = Errors()
    for key, name in (new_models or {}).items():
        if name in (None, "") or (key in FEATURES and name in FEATURES[key]["models"]):
            continue
        allowed = ", ".join(FEATURES[key]["models"]) if key in FEATURES else ""
        message = MSG_INVALID_MODEL.format(model=name, feature=key, allowed=allowed)
        errors.pairs.append(("captain_models", message))
    errors.raise_if_any()
    account.captain_models = new_models
    if features is not None:
        account.captain_features = {**(account.captain_features or {}), **features}
    if (account.captain_models, account.captain_features) != before:
        account.updated_at = now
