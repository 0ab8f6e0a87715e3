"""The enterprise help center specs (v4.10): every one grants agents the help center through a custom
role with `knowledge_base_manage`; custom roles are an enterprise (licensed) feature fakewoot does
not model, so an agent stays refused (tests/specs/test_help_center_policies.py)."""

from __future__ import annotations

E = "spec/enterprise/"
ARTICLES = E + "controllers/enterprise/api/v1/accounts/articles_controller_spec.rb"
CATEGORIES = E + "controllers/enterprise/api/v1/accounts/categories_controller_spec.rb"
ARTICLE_POLICY = E + "policies/article_policy_spec.rb"
CATEGORY_POLICY = E + "policies/category_policy_spec.rb"
PORTAL_POLICY = E + "policies/portal_policy_spec.rb"
SPEC = {p: p for p in (ARTICLES, CATEGORIES, ARTICLE_POLICY, CATEGORY_POLICY, PORTAL_POLICY)}
UPSTREAM_ITS = {ARTICLES: 4, CATEGORIES: 5, ARTICLE_POLICY: 1, CATEGORY_POLICY: 1, PORTAL_POLICY: 2}
KB = " > when it is an authenticated user > returns success for agents with knowledge_base_manage permission"
ROLE = " > when agent with knowledge_base_manage permission > "
_A = "/api/v1/accounts/:account_id/portals/:portal_slug/articles"
_C = "/api/v1/accounts/:account_id/portals/:portal_slug/categories"
SKIPPED = {
    ARTICLES: {
        f"{m} {_A}{p}{KB}": "enterprise"
        for m, p in (("GET", "/:id"), ("POST", ""), ("PUT", "/:id"), ("DELETE", "/:id"))
    },
    CATEGORIES: {
        f"{m} {_C}{p}{KB}": "enterprise"
        for m, p in (("GET", ""), ("GET", "/:id"), ("POST", ""), ("PUT", "/:id"), ("DELETE", "/:id"))
    },
    ARTICLE_POLICY: {
        "permissions :index?, :update?, :show?, :edit?, :create?, :destroy?, :reorder?"
        + ROLE
        + "{ expect(article_policy).to permit(agent_with_role_context, article) }": "enterprise"
    },
    CATEGORY_POLICY: {
        "permissions :index?, :update?, :show?, :edit?, :create?, :destroy?"
        + ROLE
        + "{ expect(category_policy).to permit(agent_with_role_context, category) }": "enterprise"
    },
    PORTAL_POLICY: {
        "permissions :update?, :edit?, :logo?"
        + ROLE
        + "{ expect(portal_policy).to permit(agent_with_role_context, portal) }": "enterprise",
        "permissions :create?, :destroy?"
        + ROLE
        + "{ expect(portal_policy).not_to permit(agent_with_role_context, portal) }": "enterprise",
    },
}
