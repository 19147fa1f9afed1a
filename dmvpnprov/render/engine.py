"""Render the intended IOS config of each router from the fleet models with Jinja2.

One Jinja2 environment per templates folder, built once and cached: ``StrictUndefined``
(a missing variable is an error, never an empty string), ``trim_blocks`` and
``lstrip_blocks``, every template compiled once and reused for every host. The built-in
templates are found with :mod:`importlib.resources`, so an installed wheel needs no
source tree; ``--templates DIR`` (a copy of ``templates/`` or of ``templates/ios/``) comes
first, and a file the copy lacks falls back to the built-in one.

Every rendered config goes through :func:`dmvpnprov.render.lines.normalise`: tidied
(``\\n`` newlines, no trailing blanks or empty lines, one trailing newline) and checked
against the capability table, so a line the router's IOS release lacks is refused with
the feature, the release and the source of the fact, whichever template produced it.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Iterable, MutableMapping
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    StrictUndefined,
    Template,
    TemplateError,
)

from dmvpnprov.core.errors import UserError
from dmvpnprov.core.gcpause import gc_paused
from dmvpnprov.core.models import Fleet, Router, SecretRef
from dmvpnprov.core.secrets import MissingSecretError, SecretStore
from dmvpnprov.render.context import FleetIndex, router_context
from dmvpnprov.render.lines import normalise

__all__ = ["environment", "normalise", "prepare_fleet", "render_fleet", "render_router"]

log = logging.getLogger(__name__)


def _builtin_loader() -> BaseLoader:
    folder = resources.files("dmvpnprov") / "templates" / "ios"
    if isinstance(folder, Path) and folder.is_dir():
        return FileSystemLoader(str(folder))
    return PackageLoader("dmvpnprov", "templates/ios")  # zipped install


def _user_loader(templates: Path) -> FileSystemLoader:
    folder = templates / "ios" if (templates / "ios").is_dir() else templates
    if not folder.is_dir() or not any(folder.glob("*.j2")):
        msg = f"--templates {templates}: no *.j2 templates in {templates} or {templates / 'ios'}"
        raise UserError(msg)
    return FileSystemLoader(str(folder))


class _Environment(Environment):
    """Jinja2's environment with plain-dict template globals.

    Jinja2 layers each template's globals over the environment's with a ``ChainMap``, and
    every ``{% from ... import %}`` compares the two key sets through it: pure-Python
    lookups that made the four macro imports of a host cost more than its rendering.
    A dict snapshot is equivalent here: the environment's globals never change once
    templates are loaded.
    """

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        """The template's globals over the environment's, as one dict."""
        return {**self.globals, **(d or {})}


@lru_cache(maxsize=8)
def _environment(templates: str | None) -> Environment:
    loaders = [_builtin_loader()]
    if templates is not None:
        loaders.insert(0, _user_loader(Path(templates)))
    # autoescape stays off: IOS config text, not HTML.
    return _Environment(
        loader=ChoiceLoader(loaders),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
        cache_size=-1,
    )


def environment(templates: Path | None = None) -> Environment:
    """The cached environment of a templates folder (``None``: the built-in templates)."""
    return _environment(None if templates is None else str(templates.resolve()))


def _where(exc: BaseException) -> str:
    lineno = getattr(exc, "lineno", None)
    filename = getattr(exc, "filename", None)
    if filename is None or lineno is None:
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith(".j2")]
        if not frames:
            return "a template"
        filename, lineno = frames[-1].filename, frames[-1].lineno
    return f"{filename}, line {lineno}"


def _template(env: Environment, router: Router) -> Template:
    name = "hub.j2" if router.is_hub else "spoke.j2"
    try:
        return env.get_template(name)
    except TemplateError as exc:
        msg = f"host {router.name}: template error in {_where(exc)}: {exc}"
        raise UserError(msg) from None


def _render(env: Environment, index: FleetIndex, router: Router, secrets: SecretStore) -> str:
    def secret(ref: SecretRef) -> str:
        try:
            return secrets.get(ref)
        except MissingSecretError as exc:
            msg = f"host {router.name}: environment variable {exc.variable} is not set"
            raise UserError(msg) from None

    context = router_context(index, router, secret)
    template = _template(env, router)
    try:
        text = template.render(context)
    except (TemplateError, LookupError, TypeError, ValueError, AttributeError) as exc:
        msg = f"host {router.name}: template error in {_where(exc)}: {exc}"
        raise UserError(msg) from None
    log.debug("host %s: rendered %d bytes", router.name, len(text))
    return normalise(text, router)


_last_index: tuple[Fleet, FleetIndex] | None = None


def _index(fleet: Fleet) -> FleetIndex:
    global _last_index  # noqa: PLW0603 - one-entry cache: render_router in a loop stays O(n)
    cached = _last_index
    if cached is not None and cached[0] is fleet:
        return cached[1]
    index = FleetIndex(fleet)
    _last_index = (fleet, index)
    return index


def prepare_fleet(fleet: Fleet, templates: Path | None = None) -> None:
    """Build the fleet's lookups and compile the templates now, in this process.

    Called before forking render workers: they inherit both instead of each building
    them again, and building the lookups in a worker would touch (and so copy) the
    pages of every router. A template that does not load is left for the render to
    report, with the host that needs it.
    """
    _index(fleet)
    env = environment(templates)
    for name in ("hub.j2", "spoke.j2"):
        try:
            env.get_template(name)
        except TemplateError:
            log.debug("template %s does not load; the render reports it", name)


def render_router(
    fleet: Fleet, name: str, secrets: SecretStore, templates: Path | None = None
) -> str:
    """The config of host ``name`` with real secret values (keep it in memory)."""
    index = _index(fleet)
    return _render(environment(templates), index, index.router(name), secrets)


def render_fleet(
    fleet: Fleet,
    secrets: SecretStore,
    templates: Path | None = None,
    names: Iterable[str] | None = None,
) -> dict[str, str]:
    """Configs of ``names`` (default: every router, inventory order), real secret values."""
    env, index = environment(templates), _index(fleet)
    routers = fleet.routers if names is None else tuple(index.router(n) for n in names)
    with gc_paused():
        return {r.name: _render(env, index, r, secrets) for r in routers}
