"""Expand Chatwoot's config/routes.rb into the list of real API routes fakewoot measures itself against.

    python tools/rails_routes.py [--repo /work/.mirror/md-riaz+chatwoot/repo] [--commit e13e3c87] \
        > fakewoot/api/chatwoot_routes.tsv

A small reader for the subset of the Rails routing DSL that file uses (namespace, scope module,
resources/resource with only/param/module/controller, member/collection blocks, `verb :name, on:`,
`verb 'path', to:`), limited to the API: /api, /platform, /public and devise_token_auth's /auth.
Routes behind `if ChatwootApp.enterprise?`, and routes whose controller lives only under enterprise/,
are marked `enterprise`. `new` and `edit` (HTML forms; no API controller defines them) are left out.
Output: one route per line, tab-separated: METHOD, path (Rails' :params), controller#action, edition.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from dataclasses import dataclass, field

ACTIONS = {
    "index": ("GET", False, ""),
    "create": ("POST", False, ""),
    "show": ("GET", True, ""),
    "update": ("PATCH", True, ""),  # PUT too
    "destroy": ("DELETE", True, ""),
}
CANONICAL = {"index", "create", "new", "show", "update", "destroy"}
SINGULAR_ACTIONS = {"show": "GET", "create": "POST", "update": "PATCH", "destroy": "DELETE"}
# devise_token_auth's mount_devise_token_auth_for 'User', at: 'auth' (its routes, with Chatwoot's
# controllers and `via: [:get, :post]` on the OmniAuth callbacks)
AUTH_ROUTES = [
    ("POST", "/auth", "devise_token_auth/registrations#create"),
    ("PATCH", "/auth", "devise_token_auth/registrations#update"),
    ("PUT", "/auth", "devise_token_auth/registrations#update"),
    ("DELETE", "/auth", "devise_token_auth/registrations#destroy"),
    ("GET", "/auth/cancel", "devise_token_auth/registrations#cancel"),
    ("GET", "/auth/edit", "devise_token_auth/registrations#edit"),
    ("GET", "/auth/sign_up", "devise_token_auth/registrations#new"),
    ("GET", "/auth/sign_in", "devise_overrides/sessions#new"),
    ("POST", "/auth/sign_in", "devise_overrides/sessions#create"),
    ("DELETE", "/auth/sign_out", "devise_overrides/sessions#destroy"),
    ("GET", "/auth/password/new", "devise_overrides/passwords#new"),
    ("GET", "/auth/password/edit", "devise_overrides/passwords#edit"),
    ("PATCH", "/auth/password", "devise_overrides/passwords#update"),
    ("PUT", "/auth/password", "devise_overrides/passwords#update"),
    ("POST", "/auth/password", "devise_overrides/passwords#create"),
    ("GET", "/auth/confirmation/new", "devise_overrides/confirmations#new"),
    ("GET", "/auth/confirmation", "devise_overrides/confirmations#show"),
    ("POST", "/auth/confirmation", "devise_overrides/confirmations#create"),
    ("GET", "/auth/validate_token", "devise_overrides/token_validations#validate_token"),
    ("GET", "/auth/failure", "devise_overrides/omniauth_callbacks#omniauth_failure"),
    ("GET", "/auth/:provider/callback", "devise_overrides/omniauth_callbacks#omniauth_success"),
    ("POST", "/auth/:provider/callback", "devise_overrides/omniauth_callbacks#omniauth_success"),
]
KEEP = ("/api/", "/platform/", "/public/")
SYMBOLS = re.compile(r":(\w+)|'([^']*)'|\"([^\"]*)\"")


def singular(name: str) -> str:
    if name.endswith("xes"):
        return name[:-2]
    if name.endswith("ies"):
        return name[:-3] + "y"
    if name.endswith("s") and not name.endswith("ss"):
        return name[:-1]
    return name


def plural(name: str) -> str:
    if name.endswith("s"):
        return name
    if name.endswith("y") and name[-2:-1] not in "aeiou":
        return name[:-1] + "ies"
    return name + "s"


def _words(text: str) -> list[str]:
    return [a or b or c for a, b, c in SYMBOLS.findall(text)]


def _option(text: str, name: str) -> str | None:
    found = re.search(rf"\b{name}:\s*(?::(\w+)|'([^']*)'|\"([^\"]*)\")", text)
    return None if found is None else next(g for g in found.groups() if g is not None)


def _list(text: str, name: str) -> list[str] | None:
    found = re.search(rf"\b{name}:\s*(\[[^\]]*\]|%i\[[^\]]*\])", text)
    if found is None:
        return None
    body = found.group(1)
    return body[3:-1].split() if body.startswith("%i") else _words(body)


@dataclass
class Frame:
    kind: str  # root, namespace, scope, resources, resource, member, collection, skip
    path: str = ""  # this frame's path prefix for children
    module: str = ""
    member_path: str = ""  # resources: path to one record (for member routes)
    name: str = ""
    controller: str = ""
    enterprise: bool = False
    extra: dict[str, str] = field(default_factory=dict)
    nest: str = ""  # the path its nested resources and scopes start from

    def __post_init__(self) -> None:
        if not self.nest:
            self.nest = self.path


class Reader:
    def __init__(self) -> None:
        self.routes: list[tuple[str, str, str, bool]] = []
        self.stack = [Frame("root")]

    @property
    def top(self) -> Frame:
        return self.stack[-1]

    def add(
        self, method: str, path: str, controller: str, action: str, enterprise: bool, put_too: bool = False
    ) -> None:
        """`put_too`: resources' update answers PATCH and PUT; an explicit `patch :update` only PATCH."""
        if path.startswith(KEEP):
            self.routes.append((method, path, f"{controller}#{action}", enterprise))
            if put_too:
                self.routes.append(("PUT", path, f"{controller}#{action}", enterprise))

    def feed(self, raw: str) -> None:
        line = raw.split(" #")[0].strip() if not raw.strip().startswith("#") else ""
        if not line:
            return
        top = self.top
        enterprise = top.enterprise or "ChatwootApp.enterprise?" in line
        opens = line.endswith(" do") or " do |" in line
        head = line.split()[0]
        if head == "end":
            self.stack.pop()
            return
        if head == "else":  # the dashboard/API-only switch: neither side holds API routes
            return
        if top.kind == "skip" or head in ("if", "unless", "devise_scope", "authenticated", "constraints"):
            if opens or (head in ("if", "unless") and not line.startswith("if ChatwootApp.enterprise?")):
                self.stack.append(Frame("skip"))
            elif line.startswith("if ChatwootApp.enterprise?"):
                self.stack.append(Frame("scope", top.nest, top.module, enterprise=True))
            return
        if head == "namespace":
            name = _words(line)[0]
            self.stack.append(
                Frame("namespace", f"{top.nest}/{name}", f"{top.module}{name}/", enterprise=enterprise)
            )
            return
        if head == "scope":
            module = _option(line, "module") or ""
            self.stack.append(
                Frame(
                    "scope",
                    top.nest,
                    f"{top.module}{module}/" if module else top.module,
                    enterprise=enterprise,
                )
            )
            return
        if head in ("resources", "resource"):
            self._resource(head, line, opens, enterprise)
            return
        if head in ("member", "collection"):
            self.stack.append(Frame(head, enterprise=enterprise))
            return
        if head in ("get", "post", "put", "patch", "delete"):
            if line.endswith("if ChatwootApp.enterprise?"):
                line = line[: -len("if ChatwootApp.enterprise?")].strip()
            self._verb(head.upper(), line, enterprise)
            if opens:
                self.stack.append(Frame("skip"))
            return
        if opens:  # anything else with a block (mount, devise_for, ...)
            self.stack.append(Frame("skip"))

    def _resource(self, head: str, line: str, opens: bool, enterprise: bool) -> None:
        top = self.top
        base = top.nest
        name = _words(line)[0]
        only = _list(line, "only")
        module = top.module + (f"{_option(line, 'module')}/" if _option(line, "module") else "")
        controller = module + (_option(line, "controller") or (name if head == "resources" else plural(name)))
        path = f"{base}/{name}"
        if head == "resources":
            param = _option(line, "param") or "id"
            member_path = f"{path}/:{param}"
            for action, (method, on_member, _) in ACTIONS.items():
                if only is None or action in only:
                    self.add(
                        method,
                        member_path if on_member else path,
                        controller,
                        action,
                        enterprise,
                        action == "update",
                    )
            nested_param = param if param != "id" else f"{singular(name)}_id"
            frame = Frame("resources", path, module, member_path, name, controller, enterprise)
            frame.nest = f"{path}/:{nested_param}"
            if param != "id":
                frame.extra["param"] = param
        else:
            for action, method in SINGULAR_ACTIONS.items():
                if only is None or action in only:
                    self.add(method, path, controller, action, enterprise, action == "update")
            frame = Frame("resource", path, module, path, name, controller, enterprise)
        if opens:
            self.stack.append(frame)

    def _verb(self, method: str, line: str, enterprise: bool) -> None:
        top = self.top
        words = _words(line)
        target = _option(line, "to")
        on = _option(line, "on")
        literal = re.match(r"\w+\s+['\"]", line) is not None
        if literal:
            path = words[0]
            if not path.startswith("/"):
                path = f"{top.path}/{path}"
            controller, _, action = (target or "#").partition("#")
            self.add(method, path, top.module + controller, action, enterprise)
            return
        name = words[0]
        if top.kind in ("member", "collection"):
            owner = self.stack[-2]
            kind = top.kind
        elif on is not None and top.kind == "scope":  # `on:` applies to the enclosing resource
            owner = next(f for f in reversed(self.stack) if f.kind in ("resources", "resource"))
            owner = Frame(owner.kind, owner.path, top.module, owner.member_path, owner.name, owner.controller)
            kind = on
        else:
            owner = top
            kind = on or ("nested" if owner.kind == "resources" else "collection")
        controller = owner.controller or owner.module.rstrip("/")
        if target:
            controller, _, action = target.partition("#")
            controller = owner.module + controller
        else:
            action = name
        # Rails' canonical_action?: index/create/new/show/update/destroy in a member or collection
        # scope add no path segment (`collection do delete :destroy end` is DELETE on the collection)
        canonical = (
            kind in ("member", "collection") and name in CANONICAL and owner.kind.startswith("resource")
        )
        suffix = "" if canonical else f"/{name}"
        if owner.kind == "resources":
            if kind == "member":
                path = f"{owner.member_path}{suffix}"
            elif kind == "nested":
                param = owner.extra.get("param") or f"{singular(owner.name)}_id"
                path = f"{owner.path}/:{param}/{name}"
            else:
                path = f"{owner.path}{suffix}"
        elif owner.kind == "resource":
            path = f"{owner.path}{suffix}"
        else:
            path = f"{owner.path}/{name}"
            if not target:
                controller = owner.module.rstrip("/")
        self.add(method, path, controller, action, enterprise)


def _source(repo: str, commit: str, path: str) -> str | None:
    shown = subprocess.run(["git", "-C", repo, "show", f"{commit}:{path}"], capture_output=True, text=True)
    return shown.stdout if shown.returncode == 0 else None


def _snake(constant: str) -> str:
    parts = constant.replace("::", "/")
    return re.sub(r"(?<!^)(?<!/)([A-Z])", r"_\1", parts).lower()


def defines(repo: str, commit: str, controller: str, action: str) -> str | None:
    """Where `action` comes from: "oss", "enterprise" (only an enterprise override defines it), or None
    (Rails' 404, AbstractController::ActionNotFound). Followed: the controller, its included concerns,
    its parents by name, the enterprise override, and implicit rendering of an existing view."""
    if _source(repo, commit, f"app/views/{controller}/{action}.json.jbuilder") is not None:
        return "oss"
    name = controller
    for _ in range(5):
        text = None
        for root in ("app/controllers", "enterprise/app/controllers"):
            text = _source(repo, commit, f"{root}/{name}_controller.rb")
            if text is not None:
                break
        if text is None:
            return None
        bodies = [text]
        for concern in re.findall(r"^\s*include (\w+(?:::\w+)*)", text, re.M):
            body = _source(repo, commit, f"app/controllers/concerns/{_snake(concern)}.rb")
            if body is not None:
                bodies.append(body)
        pattern = re.compile(rf"^\s*def {action}\b|(alias|alias_method)\W+:?{action}\b", re.M)
        if any(pattern.search(body) for body in bodies):
            return "oss"
        override = _source(repo, commit, f"enterprise/app/controllers/enterprise/{name}_controller.rb")
        if override is not None and pattern.search(override):
            return "enterprise"
        parent = re.search(r"class \S+ < (\S+)", text)
        if parent is None:
            return None
        name = _snake(parent.group(1)).removesuffix("_controller")
        if name in ("application", "action_controller/base", "action_controller/api"):
            return None
    return None


def controller_exists(repo: str, commit: str, controller: str) -> str:
    """`oss` when app/controllers has it, `enterprise` when only enterprise/app/controllers does."""
    for root, edition in (("app/controllers", "oss"), ("enterprise/app/controllers", "enterprise")):
        probe = subprocess.run(
            ["git", "-C", repo, "cat-file", "-e", f"{commit}:{root}/{controller}_controller.rb"],
            capture_output=True,
        )
        if probe.returncode == 0:
            return edition
    return "missing"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", default="/work/.mirror/md-riaz+chatwoot/repo")
    parser.add_argument("--commit", default="e13e3c87")
    args = parser.parse_args()
    source = subprocess.run(
        ["git", "-C", args.repo, "show", f"{args.commit}:config/routes.rb"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    reader = Reader()
    for line in source.splitlines()[1:]:
        reader.feed(line)
    rows = [(m, p, c, e) for m, p, c, e in reader.routes]
    rows += [(m, p, c, False) for m, p, c in AUTH_ROUTES]
    seen: set[tuple[str, str]] = set()
    out = [f"# Chatwoot's API routes at {args.commit} (config/routes.rb), by tools/rails_routes.py"]
    cache: dict[str, str] = {}
    for method, path, target, enterprise in rows:
        if (method, path) in seen:
            continue
        seen.add((method, path))
        controller = target.split("#")[0]
        if controller not in cache:
            cache[controller] = controller_exists(args.repo, args.commit, controller)
        edition = "enterprise" if enterprise or cache[controller] == "enterprise" else "oss"
        action = target.split("#")[1]
        if not controller.startswith("devise"):
            source = defines(args.repo, args.commit, controller, action)
            if source is None:
                print(f"no action: {method} {path} ({target}): Rails answers 404", file=sys.stderr)
                continue
            if source == "enterprise":
                edition = "enterprise"
        if cache[controller] == "missing" and not controller.startswith("devise_token_auth"):
            print(f"warning: no controller for {method} {path} ({target})", file=sys.stderr)
        out.append("\t".join((method, path, target, edition)))
    sys.stdout.write("\n".join(out) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
