"""The three SimpleInventory files -> a Nornir ``Inventory``, every structural problem found.

The Nornir objects (hosts, groups, defaults, parent groups and their inheritance) are
built by Nornir's own SimpleInventory code, so what validation sees is exactly what the
push will use. Only the YAML reading is ours (:mod:`dmvpnprov.inventory.yamlfiles`): faster,
and it reports duplicate host names and syntax errors instead of swallowing or raising.

Things Nornir would crash on (a host that is not a mapping, an unknown parent group, a
loop of groups) or silently ignore (a misspelt top-level key, a password written in
clear) become :class:`~dmvpnprov.core.errors.Problem` values; the offending entry is dropped
so the rest can still be checked.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nornir.core.inventory import Defaults, Group, Groups, Host, Hosts, Inventory, ParentGroups
from nornir.plugins.inventory.simple import SimpleInventory, _get_defaults, _get_inventory_element

from dmvpnprov.core.errors import InputProblems, Problem
from dmvpnprov.inventory.yamlfiles import read_yaml

__all__ = ["DmvpnInventory", "InventoryFiles", "read_inventory"]

NORNIR_KEYS = ("hostname", "port", "username", "platform", "groups", "data", "connection_options")


def did_you_mean(word: str, choices: list[str] | tuple[str, ...]) -> str:
    """`` (did you mean 'x'?)`` for the closest choice, or ``""``.

    Examples:
        >>> did_you_mean("hostnmae", NORNIR_KEYS)
        " (did you mean 'hostname'?)"
    """
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


@dataclass
class InventoryFiles:
    """The files read, the Nornir inventory built from them, and every problem met."""

    hosts_file: str
    groups_file: str
    defaults_file: str
    inventory: Inventory = field(default_factory=lambda: Inventory(Hosts(), Groups(), Defaults()))
    problems: list[Problem] = field(default_factory=list)


def _mapping(doc: Any, file: str, problems: list[Problem]) -> dict[str, Any]:
    if doc is None:
        return {}
    if not isinstance(doc, dict):
        kind = type(doc).__name__
        problems.append(Problem(file, None, None, f"must be a mapping of names, not a {kind}"))
        return {}
    return {str(k): v for k, v in doc.items()}


def _entry(name: str, raw: Any, file: str, kind: str, problems: list[Problem]) -> dict[str, Any]:
    """Check one host/group entry's top level; return what Nornir can take."""
    host = name if kind == "host" else None
    label = "" if kind == "host" else f"group {name}: "
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        problems.append(Problem(file, host, None, f"{label}must be a mapping, not {raw!r}"))
        return {}
    entry: dict[str, Any] = {}
    for written, value in raw.items():
        key = str(written)
        if key == "password":
            msg = "a password is never written in the inventory; use data.credentials.password"
            problems.append(Problem(file, host, key, f"{label}{msg}: {{env: VARIABLE}}"))
        elif key not in NORNIR_KEYS or (key == "groups" and kind == "defaults"):
            hint = did_you_mean(key, NORNIR_KEYS)
            problems.append(Problem(file, host, key, f"{label}unknown key {key!r}{hint}"))
        elif key in ("data", "connection_options") and not isinstance(value, dict | None):
            problems.append(Problem(file, host, key, f"{label}must be a mapping"))
        elif key == "connection_options" and not all(
            isinstance(v, dict) for v in (value or {}).values()
        ):
            msg = f"{label}each connection's options must be a mapping"
            problems.append(Problem(file, host, key, msg))
        elif key == "groups" and not (
            isinstance(value, list) and all(isinstance(g, str) for g in value)
        ):
            problems.append(Problem(file, host, key, f"{label}must be a list of group names"))
        else:
            entry[key] = value
    return entry


def _check_parents(entries: dict[str, dict[str, Any]], groups: dict[str, Any], ctx: _Where) -> None:
    for name, entry in entries.items():
        known = [g for g in entry.get("groups") or [] if g in groups]
        for missing in (g for g in entry.get("groups") or [] if g not in groups):
            ctx.add(name, f"unknown group {missing!r}{did_you_mean(missing, list(groups))}")
        entry["groups"] = known


@dataclass
class _Where:
    file: str
    kind: str
    problems: list[Problem]

    def add(self, name: str, message: str) -> None:
        if self.kind == "host":
            self.problems.append(Problem(self.file, name, "groups", message))
        else:
            self.problems.append(Problem(self.file, None, "groups", f"group {name}: {message}"))


def _break_cycles(groups: dict[str, dict[str, Any]], file: str, problems: list[Problem]) -> None:
    """Report a group that is its own ancestor and cut the loop (Nornir would recurse)."""

    def ancestors(name: str, seen: tuple[str, ...]) -> str | None:
        parent: str
        for parent in groups[name].get("groups") or []:
            if parent in seen:
                return parent
            found = ancestors(parent, (*seen, parent))
            if found:
                return found
        return None

    for name, entry in groups.items():
        if ancestors(name, (name,)) is not None:
            problems.append(Problem(file, None, "groups", f"group {name}: is its own ancestor"))
            entry["groups"] = []


def _duplicates(doc_dups: list[Any], file: str, kind: str, problems: list[Problem]) -> None:
    for dup in doc_dups:
        line = f" (line {dup.line})" if dup.line else ""
        if dup.top_level:
            msg = f"duplicate {kind} name {dup.key!r}{line}: YAML keeps only the last one"
            problems.append(Problem(file, dup.key if kind == "host" else None, None, msg))
        else:
            msg = f"duplicate key {dup.key!r}{line}: YAML keeps only the last one"
            problems.append(Problem(file, None, dup.key, msg))


def read_inventory(folder: Path) -> InventoryFiles:
    """Read ``folder``'s three files into a Nornir inventory, collecting problems."""
    files = InventoryFiles(
        str(folder / "hosts.yaml"), str(folder / "groups.yaml"), str(folder / "defaults.yaml")
    )
    problems = files.problems
    if not folder.is_dir():
        why = (
            "is a file, not an inventory folder"
            if folder.exists()
            else "inventory folder not found"
        )
        problems.append(Problem(str(folder), None, None, why))
        return files
    raw: dict[str, dict[str, Any]] = {}
    for kind, file, required in (
        ("host", files.hosts_file, True),
        ("group", files.groups_file, False),
        ("defaults", files.defaults_file, False),
    ):
        doc = read_yaml(Path(file), required=required)
        if doc.problem:
            problems.append(doc.problem)
        _duplicates(doc.duplicates, file, kind, problems)
        raw[kind] = _mapping(doc.data, file, problems)
    defaults = _entry("defaults", raw["defaults"], files.defaults_file, "defaults", problems)
    groups = {
        n: _entry(n, g, files.groups_file, "group", problems) for n, g in raw["group"].items()
    }
    hosts = {n: _entry(n, h, files.hosts_file, "host", problems) for n, h in raw["host"].items()}
    _check_parents(groups, groups, _Where(files.groups_file, "group", problems))
    _check_parents(hosts, groups, _Where(files.hosts_file, "host", problems))
    _break_cycles(groups, files.groups_file, problems)
    if not hosts and not any(p.file == files.hosts_file for p in problems):
        problems.append(Problem(files.hosts_file, None, None, "no hosts defined"))
    files.inventory = build_inventory(hosts, groups, defaults)
    return files


def build_inventory(
    hosts: dict[str, dict[str, Any]], groups: dict[str, dict[str, Any]], defaults: dict[str, Any]
) -> Inventory:
    """Nornir's own SimpleInventory construction, from already parsed and checked dicts."""
    nr_defaults = _get_defaults(defaults)
    nr_hosts = Hosts()
    for name, entry in hosts.items():
        nr_hosts[name] = _get_inventory_element(Host, entry, name, nr_defaults)
    nr_groups = Groups()
    for name, entry in groups.items():
        nr_groups[name] = _get_inventory_element(Group, entry, name, nr_defaults)
    for element in (*nr_groups.values(), *nr_hosts.values()):
        names: list[Any] = list(element.groups or [])  # SimpleInventory's "hack": names here
        element.groups = ParentGroups([nr_groups[g] for g in names])
    return Inventory(hosts=nr_hosts, groups=nr_groups, defaults=nr_defaults)


class DmvpnInventory(SimpleInventory):
    """A Nornir inventory plugin: SimpleInventory's files and objects, our YAML reader.

    Register it to drive Nornir from the same files (``InventoryPluginRegister.register(
    "DmvpnInventory", DmvpnInventory)``); it raises :class:`InputProblems` on bad files.
    """

    def load(self) -> Inventory:
        """Read the three files (host_file's folder) and build the inventory."""
        files = read_inventory(self.host_file.parent)
        if files.problems:
            raise InputProblems(files.problems)
        return files.inventory
