"""Pydantic validation errors -> plain messages on dotted inventory paths.

A raw ``ValidationError`` names union members (``lax-or-strict[...]``) and discriminator
tags in its locations and speaks of "extra inputs". A network engineer needs the YAML
path (``data.tunnels[0].address``) and a reason: "unknown key 'adress' (did you mean
'address'?)", "has host bits set; the network is 10.0.0.0/24".

Examples:
    >>> from dmvpnprov.core.models import TunnelMembership
    >>> try:
    ...     TunnelMembership.model_validate({"cloud": "c", "address": "10.0.0.1", "nsh": []})
    ... except Exception as exc:
    ...     print(explain(exc.errors(), {"nsh": []}, TunnelMembership))
    [('nsh', "unknown key 'nsh' (did you mean 'nhs'?)")]
"""

from __future__ import annotations

import ipaddress
import typing
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from dmvpnprov.inventory.nornir_files import did_you_mean

__all__ = ["explain", "format_path"]


def format_path(loc: Sequence[str | int]) -> str:
    """``('tunnels', 0, 'address')`` -> ``tunnels[0].address``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _clean_loc(loc: Sequence[str | int], data: Any) -> tuple[str | int, ...]:
    """Keep the parts of ``loc`` that are keys/indexes of ``data``; drop union tags."""
    kept: list[str | int] = []
    node: Any = data
    for i, part in enumerate(loc):
        inside = isinstance(node, dict) and part in node
        inside |= isinstance(node, list | tuple) and isinstance(part, int) and part < len(node)
        if inside:
            node = node[part]
        elif i != len(loc) - 1 or "[" in str(part):
            continue  # a union member or discriminator tag, not a place in the file
        else:
            node = None  # the last part: a missing or unknown key
        kept.append(part)
    return tuple(kept)


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for arg in typing.get_args(annotation):
        found += _models_in(arg)
    return found


def _fields_at(model: type[BaseModel], loc: Sequence[str | int]) -> list[str]:
    """The keys allowed where ``loc``'s last part was written."""
    models = [model]
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        nxt: list[type[BaseModel]] = []
        for m in models:
            if part in m.model_fields:
                nxt += _models_in(m.model_fields[part].annotation)
        models = nxt or models
    return sorted({name for m in models for name in m.model_fields})


def _network_hint(value: Any) -> str:
    try:
        net = ipaddress.ip_network(str(value), strict=False)
    except ValueError:
        return f"{value!r} is not an IPv4 network (A.B.C.D/NN)"
    return f"{value!r} has host bits set; the network is {net}"


_FIXED = {
    "missing": "missing (set it on the host, in one of its groups, or in defaults.yaml)",
    "ip_v4_interface": "{value!r} is not an IPv4 address with a prefix length (A.B.C.D/NN)",
    "ip_v4_address": "{value!r} is not an IPv4 address (A.B.C.D)",
    "string_type": "{value!r} must be text (quote it in YAML: '{value}')",
    "int_type": "{value!r} is not a whole number",
    "int_parsing": "{value!r} is not a whole number",
    "int_from_float": "{value!r} is not a whole number",
    "bool_type": "{value!r} is not true or false",
    "bool_parsing": "{value!r} is not true or false",
    "union_tag_invalid": "{discriminator} {tag!r} is not one of {expected_tags}",
    "union_tag_not_found": "needs a {discriminator} key",
    "too_long": "too many items: at most {max_length}, got {actual_length}",
    "too_short": "too few items: at least {min_length}, got {actual_length}",
    "tuple_type": "must be a list, not {value!r}",
    "list_type": "must be a list, not {value!r}",
    "model_type": "must be a mapping, not {value!r}",
    "dict_type": "must be a mapping, not {value!r}",
    "greater_than_equal": "{value!r} is out of range: must be >= {limit}",
    "less_than_equal": "{value!r} is out of range: must be <= {limit}",
    "greater_than": "{value!r} is out of range: must be > {limit}",
    "less_than": "{value!r} is out of range: must be < {limit}",
}


_PATTERNS = {
    r"^\S+$": "{value!r} must be one word (no spaces)",
    r"^Tunnel\d+$": "{value!r} is not a tunnel interface (Tunnel0, Tunnel1, ...)",
    r"^[A-Za-z_][A-Za-z0-9_]*$": "{value!r} is not an environment variable name",
}


def _choice(value: Any, expected: str) -> str:
    choices = [c.strip("' ") for c in expected.replace(" or ", ",").split(",")]
    return f"{value!r} is not one of {expected}{did_you_mean(str(value), choices)}"


def _message(err: ErrorDetails, loc: tuple[str | int, ...], model: type[BaseModel]) -> str:
    kind, value, ctx = err["type"], err.get("input"), err.get("ctx") or {}
    if kind in _FIXED:
        limit = next(iter(ctx.values()), "?")
        words = {k: str(v).strip("'") if k == "discriminator" else v for k, v in ctx.items()}
        return _FIXED[kind].format(value=value, limit=limit, **words)
    if kind == "extra_forbidden":
        key = str(loc[-1]) if loc else ""
        return f"unknown key {key!r}{did_you_mean(key, _fields_at(model, loc))}"
    if kind == "ip_v4_network":
        return _network_hint(value)
    if kind == "string_pattern_mismatch" and ctx.get("pattern") in _PATTERNS:
        return _PATTERNS[str(ctx["pattern"])].format(value=value)
    if kind in ("enum", "literal_error"):
        return _choice(value, str(ctx.get("expected", "")))
    return f"{err['msg']} (got {value!r})" if "input" in err else err["msg"]


def explain(
    errors: Sequence[ErrorDetails], data: Any, model: type[BaseModel]
) -> list[tuple[str, str]]:
    """``(dotted path, message)`` per problem; union alternatives on a path are merged."""
    merged: dict[str, list[str]] = {}
    for err in errors:
        loc = _clean_loc(err["loc"], data)
        path = format_path(loc)
        text = _message(err, loc, model)
        if text not in merged.setdefault(path, []):
            merged[path].append(text)
    # a list that is "too short" only because its items failed says nothing new
    result = []
    for path, texts in merged.items():
        if any(t.startswith("too few items") for t in texts) and any(
            p.startswith(f"{path}[") for p in merged
        ):
            continue
        result.append((path, "; or ".join(texts)))
    return result
