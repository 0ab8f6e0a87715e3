"""docs/endpoints.md, generated from the route tables: `python -m fakewoot.api.checklist`."""

from __future__ import annotations

from fakewoot.api import all_routes, pending


def checklist() -> str:
    pending_ids = {id(route) for route in pending.routes}
    lines = [
        "# Endpoints",
        "",
        "Generated from fakewoot's route tables by `python -m fakewoot.api.checklist > docs/endpoints.md`;",
        "a test keeps it current. `501` marks a real Chatwoot endpoint fakewoot answers with 501 for now.",
        "",
        "| status | method | path | Chatwoot controller.action |",
        "|---|---|---|---|",
    ]
    for route in sorted(all_routes(), key=lambda r: (r.path, r.method)):
        status = "501" if id(route) in pending_ids else "done"
        path = route.path.replace(":int}", "}")
        lines.append(f"| {status} | {route.method} | `{path}` | {route.name} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(checklist(), end="")
