"""Captain preferences as v4.10's PreferencesController#preferences_payload renders them: providers
(nil at v4.10, see fakewoot/store/captain.py), the models table of config/llm.yml, and per feature its
models and default plus the account's `enabled` and `selected`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fakewoot.store import captain

if TYPE_CHECKING:
    from fakewoot.store.accounts import Account


def preferences_json(account: Account) -> dict[str, Any]:
    models = captain.models_with_defaults(account)
    enabled = captain.features_with_defaults(account)
    features = {}
    for key in captain.FEATURE_KEYS:
        config = captain.feature_config(key)
        features[key] = {
            **config,
            "enabled": enabled[key] is True,
            "selected": models[key] or config["default"],
        }
    return {"providers": captain.PROVIDERS, "models": captain.MODELS, "features": features}
