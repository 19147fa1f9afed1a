"""Read a Nornir SimpleInventory folder into the :class:`~dmvpnprov.core.models.Fleet` model.

Each host's data is resolved as Nornir resolves it (host, then its groups in Nornir's
order, then defaults; top-level keys of ``data``) and validated into frozen models. The
fleet-wide ``data.clouds`` and ``data.crypto_profiles`` live in defaults.yaml. Every
problem, structural, per value, or fleet-wide, is collected and raised at once as
:class:`~dmvpnprov.core.errors.InputProblems`, each naming the file that wrote the value.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from dmvpnprov.core.background import Background
from dmvpnprov.core.errors import InputProblems, Problem, UserError
from dmvpnprov.core.gcpause import gc_paused
from dmvpnprov.core.models import Cloud, CryptoProfile, Fleet, Router
from dmvpnprov.core.secrets import SecretStore
from dmvpnprov.inventory.compact import share_field_sets
from dmvpnprov.inventory.model_errors import explain
from dmvpnprov.inventory.nornir_files import InventoryFiles, did_you_mean, read_inventory
from dmvpnprov.inventory.releases import RELEASE_RULES
from dmvpnprov.inventory.resolve import HostResolver, prepare_addresses
from dmvpnprov.inventory.secret_check import check_secrets
from dmvpnprov.inventory.sites import SITE_RULES
from dmvpnprov.inventory.tokens import check_tokens
from dmvpnprov.inventory.transport_checks import check_transport
from dmvpnprov.inventory.validation import RULES, Context, Rule, Where, run_rules, salvage

if TYPE_CHECKING:
    from nornir.core.inventory import Host

__all__ = ["Loaded", "check_secrets", "load", "load_fleet", "select_routers"]

logger = logging.getLogger(__name__)

FLEET_KEYS = ("clouds", "crypto_profiles")
PARALLEL_MIN_ROUTERS = 2000  # below this, the rules run here (a process costs more)
_ROUTERS: TypeAdapter[list[Router]] = TypeAdapter(list[Router])


@dataclass
class Loaded:
    """The result of reading a folder: the fleet when valid, the Nornir files, problems.

    ``partial`` holds every part that validated on its own, even when others did not
    (so secrets can still be checked for everything that could be read).
    """

    files: InventoryFiles
    fleet: Fleet | None = None
    problems: list[Problem] = field(default_factory=list)
    partial: Fleet | None = None


def _section(
    files: InventoryFiles,
    key: str,
    model: type[BaseModel],
    problems: list[Problem],
    salvaged: set[str] | None = None,
) -> tuple[dict[str, Any], frozenset[str]]:
    """Validate ``defaults.data.<key>`` (name -> fields) entry by entry."""
    raw = files.inventory.defaults.data.get(key) or {}
    if not isinstance(raw, dict):
        problems.append(Problem(files.defaults_file, None, f"data.{key}", "must be a mapping"))
        return {}, frozenset()
    valid: dict[str, Any] = {}
    for name, written in raw.items():
        if isinstance(written, dict) and written.get("name", name) != name:
            msg = f"unknown key 'name': the entry's key ({name}) is its name"
            problems.append(Problem(files.defaults_file, None, f"data.{key}.{name}.name", msg))
        body = {**written, "name": str(name)} if isinstance(written, dict) else written
        try:
            valid[str(name)] = model.model_validate(body)
        except ValidationError as exc:
            for path, msg in explain(exc.errors(), body, model):
                field_ = f"data.{key}.{name}" + (f".{path}" if path else "")
                problems.append(Problem(files.defaults_file, None, field_, msg))
            rescued = salvage(model, body, exc.errors()) if salvaged is not None else None
            if rescued is not None:  # checked by every other rule; never rendered
                valid[str(name)] = rescued
                salvaged.add(str(name))  # type: ignore[union-attr]
    return valid, frozenset(str(n) for n in raw)


def _router_input(
    host: Host, resolver: HostResolver, files: InventoryFiles, problems: list[Problem]
) -> tuple[dict[str, Any], dict[str, Where]]:
    data, origin = resolver.data(host)
    for key in FLEET_KEYS:
        where = origin.pop(key, None)
        data.pop(key, None)
        if where is not None and where.file != files.defaults_file:
            msg = f"{key} are fleet-wide: define them in defaults.yaml"
            problems.append(Problem(where.file, host.name, f"data.{key}", msg))
    for key in ("name", "groups"):
        if key in data:
            msg = f"unknown key {key!r} in data (the inventory entry sets it)"
            problems.append(Problem(origin[key].file, host.name, f"data.{key}", msg))
            del data[key]
    data.setdefault("hostname", host.name)
    data["name"] = host.name
    data["groups"] = [g.name for g in resolver.chain(host)]
    prepare_addresses(data)
    return data, origin


def _router_problems(
    name: str, errors: list[Any], data: dict[str, Any], origin: dict[str, Where], hosts_file: str
) -> list[Problem]:
    problems = []
    for path, msg in explain(errors, data, Router):
        top = path.split(".", 1)[0].split("[", 1)[0]
        where = origin.get(top, Where(hosts_file))
        inherited = f" (inherited from group {where.group})" if where.group else ""
        field_ = None if top == "name" else f"data.{path}"
        problems.append(Problem(where.file, name, field_, msg + inherited))
    return problems


_BATCH = 2000  # hosts validated at a time: their input dicts are freed before the next


def _routers(
    files: InventoryFiles, resolver: HostResolver, problems: list[Problem], invalid: set[str]
) -> tuple[list[Router], dict[str, dict[str, Where]]]:
    """Validate the hosts in batches (fast, and the resolved input dicts of only one
    batch alive at a time); on errors, re-validate a batch's good hosts."""
    hosts = list(files.inventory.hosts.values())
    routers: list[Router] = []
    rescued: list[Router] = []
    later: list[Problem] = []  # validation problems, after every host's input problems
    origins: dict[str, dict[str, Where]] = {}
    for start in range(0, len(hosts), _BATCH):
        names, inputs = [], []
        for host in hosts[start : start + _BATCH]:
            data, origins[host.name] = _router_input(host, resolver, files, problems)
            names.append(host.name)
            inputs.append(data)
        try:
            routers += _ROUTERS.validate_python(inputs)
            continue
        except ValidationError as exc:
            failed: dict[int, list[Any]] = {}
            for err in exc.errors(include_url=False):
                failed.setdefault(int(err["loc"][0]), []).append({**err, "loc": err["loc"][1:]})
        for i, errors in failed.items():
            later += _router_problems(
                names[i], errors, inputs[i], origins[names[i]], files.hosts_file
            )
        good = [data for i, data in enumerate(inputs) if i not in failed]
        invalid.update(names[i] for i in failed)
        # A host with a bad optional value (a LAN, credentials) is still checked by every
        # other rule, that value left out; it stays in ``invalid`` and is never rendered.
        routers += _ROUTERS.validate_python(good)
        salvaged = (salvage(Router, inputs[i], errors) for i, errors in failed.items())
        rescued += [r for r in salvaged if r is not None]
    problems += later
    return routers + rescued, origins


def _checks(
    files: InventoryFiles, resolver: HostResolver, ctx: Context, rules: tuple[Rule, ...]
) -> list[Problem]:
    """The transport settings' and the fleet-wide rules' problems."""
    return check_transport(files, resolver) + run_rules(ctx, rules)


def load(inventory_dir: Path, environ: Mapping[str, str] | None = None) -> Loaded:
    """Read and validate ``inventory_dir``; never raises for bad input (see ``problems``)."""
    with gc_paused():
        return _load(Path(inventory_dir), environ)


def _load(inventory_dir: Path, environ: Mapping[str, str] | None) -> Loaded:
    files = read_inventory(inventory_dir)
    loaded = Loaded(files, problems=list(files.problems))
    problems = loaded.problems
    salvaged: set[str] = set()
    clouds, cloud_names = _section(files, "clouds", Cloud, problems, salvaged)
    profiles, profile_names = _section(files, "crypto_profiles", CryptoProfile, problems, salvaged)
    resolver = HostResolver(files.hosts_file, files.groups_file, files.defaults_file)
    invalid: set[str] = set()
    routers, origins = _routers(files, resolver, problems, invalid)
    share_field_sets(routers)  # ~2 KiB less per router, values unchanged
    store = SecretStore(os.environ if environ is None else environ)
    ctx = Context(
        tuple(routers), clouds, profiles, cloud_names, profile_names, origins,
        files.defaults_file, store, frozenset(invalid), frozenset(salvaged),
    )  # fmt: skip
    # The fleet-wide rules run in a child process while this one checks the tokens:
    # the same problems, in the same order, on two cores. What the child does is lost
    # but for its problems: the token check here resolves every secret the rules read
    # (NHRP keys), so this process masks them all.
    rules = (*RULES, *SITE_RULES, *RELEASE_RULES)
    forked = len(routers) >= PARALLEL_MIN_ROUTERS
    with Background(partial(_checks, files, resolver, ctx, rules), fork=forked) as checked:
        tokens = check_tokens(ctx, files.hosts_file)  # no value can inject a config line
        problems += checked.result()
    problems += tokens
    loaded.partial = Fleet(clouds=clouds, crypto_profiles=profiles, routers=tuple(routers))
    if not problems:
        loaded.fleet = loaded.partial
        logger.debug("inventory %s: %d routers", inventory_dir, len(routers))
    return loaded


def load_fleet(inventory_dir: Path, environ: Mapping[str, str] | None = None) -> Fleet:
    """The validated fleet of ``inventory_dir``; :class:`InputProblems` lists every problem.

    ``environ`` (default ``os.environ``) is only read to check secret values that have a
    length limit (NHRP authentication); a missing variable is :func:`check_secrets`' job.
    """
    loaded = load(inventory_dir, environ)
    if loaded.fleet is None:
        raise InputProblems(loaded.problems)
    return loaded.fleet


def select_routers(fleet: Fleet, limit: str | None) -> tuple[Router, ...]:
    """Routers matching ``--limit`` (names, group names, hubs/spokes), in fleet order."""
    if limit is None or not limit.strip():
        return fleet.routers
    names = {r.name for r in fleet.routers}
    groups = {g for r in fleet.routers for g in r.groups}
    chosen: set[str] = set()
    for word in (w.strip() for w in limit.split(",") if w.strip()):
        if word in names:
            chosen.add(word)
        elif word in ("hubs", "spokes"):
            chosen |= {r.name for r in (fleet.hubs if word == "hubs" else fleet.spokes)}
        elif word in groups:
            chosen |= {r.name for r in fleet.routers if word in r.groups}
        else:
            hint = did_you_mean(word, [*sorted(names), *sorted(groups), "hubs", "spokes"])
            valid = ", ".join(["hubs", "spokes", *sorted(groups - {"hubs", "spokes"})])
            sample = ", ".join(sorted(names)[:10]) + (", ..." if len(names) > 10 else "")
            msg = f"--limit: no host or group {word!r}{hint}; groups: {valid}; hosts: {sample}"
            raise UserError(msg)
    return tuple(r for r in fleet.routers if r.name in chosen)
