"""docs/endpoints.md, generated from the route tables: `python -m fakewoot.api.checklist`."""

from __future__ import annotations

from fakewoot.api import all_routes
from fakewoot.api.routing import Router
from fakewoot.api.upstream import coverage

GROUPS = {
    "application": "Application API (`/api/v1`, less the widget)",
    "reports": "Reports (`/api/v2`)",
    "platform": "Platform API",
    "public": "Client API (`/public/api/v1`)",
    "widget": "Widget API (`/api/v1/widget`)",
    "auth": "devise_token_auth (`/auth`)",
}


def checklist() -> str:
    routes = all_routes()
    counts = coverage(Router(routes))
    lines = [
        "# Endpoints",
        "",
        "Generated from fakewoot's route tables by `python -m fakewoot.api.checklist > docs/endpoints.md`;",
        "a test keeps it current. The routes Chatwoot v4.10 has come from its config/routes.rb",
        "(`fakewoot/api/chatwoot_routes.tsv`, by `tools/rails_routes.py`): every one is served, implemented",
        "or `501` naming it, never a 404.",
        "",
        "## Coverage of Chatwoot's routes",
        "",
        "| API | implemented | of | share | enterprise-only routes answered |",
        "|---|---|---|---|---|",
    ]
    for group, title in GROUPS.items():
        done, total = counts.get((group, "oss"), (0, 0))
        e_done, e_total = counts.get((group, "enterprise"), (0, 0))
        enterprise = f"{e_done} of {e_total}" if e_total else "none"
        share = f"{100 * done / total:.0f}%" if total else "n/a"
        lines.append(f"| {title} | {done} | {total} | {share} | {enterprise} |")
    lines += [
        "",
        "## Routes",
        "",
        "`501` marks a real Chatwoot endpoint fakewoot answers with 501 for now.",
        "",
        "| status | method | path | Chatwoot controller.action |",
        "|---|---|---|---|",
    ]
    for route in sorted(routes, key=lambda r: (r.path.replace(":int}", "}"), r.method)):
        status = "501" if route.pending else "done"
        path = route.path.replace(":int}", "}")
        lines.append(f"| {status} | {route.method} | `{path}` | {route.name} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(checklist(), end="")
