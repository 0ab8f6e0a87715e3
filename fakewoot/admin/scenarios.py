"""/_fakewoot/scenarios: run a scenario inside the server, against this fake.

POST /_fakewoot/scenarios/run  {"scenario": <the scenario as JSON>} | {"path": "<file or built-in name>"},
                               optional "variables": {"name": value} for ${name} in the steps
  200 {"name", "source", "ok", "failure", "steps": [{index, kind, name, ok, message, elapsed}]}
  422 {"error": "<file: steps[i] (name): field '...': ...>"} for a scenario that does not parse

The run happens on the server's own event loop, in process: HTTP steps go through httpx's
ASGITransport into this app and /cable sockets are ASGI sessions of the same app, so the handler
never waits on a request it would have to serve itself. Waits and frame timeouts are awaited, not
slept, so the server keeps serving other clients meanwhile.
"""

from __future__ import annotations

from fakewoot.admin.guard import allowed_path
from fakewoot.api.context import RequestContext
from fakewoot.api.responses import Response, json_response
from fakewoot.api.routing import Route
from fakewoot.errors import ApiError


async def run_scenario(ctx: RequestContext) -> Response:
    from fakewoot.scenarios.model import ScenarioError, load_scenario, parse_scenario
    from fakewoot.scenarios.runner import run_on
    from fakewoot.scenarios.transport import asgi_target

    params = await ctx.params()
    raw, path = params.get("scenario"), params.get("path")
    try:
        if isinstance(raw, dict):
            scenario = parse_scenario(raw, source="<request>")
        elif isinstance(path, str) and path:
            try:
                file = allowed_path(ctx.fake.settings, path, "scenarios/run")
            except ValueError as error:
                raise ApiError({"error": str(error)}, 422) from None
            scenario = load_scenario(file)
        else:
            raise ApiError({"error": "give scenario (the scenario as an object) or path (a file)"}, 422)
    except ScenarioError as error:
        raise ApiError({"error": str(error)}, 422) from None
    variables = params.get("variables")
    if variables is not None and not isinstance(variables, dict):
        raise ApiError({"error": "variables must be an object of names to values"}, 422)
    result = await run_on(asgi_target(ctx.fake), scenario, variables)
    return json_response(result.to_json())


routes = [
    Route("POST", "/_fakewoot/scenarios/run", run_scenario, "fakewoot.scenarios.run"),
]
