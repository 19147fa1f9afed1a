"""IOS token checks: no inventory value or secret can add a line to a rendered config.

Every string of the inventory that reaches a config line is one IOS token (or a fixed
phrase from a closed list): a newline in ``psk_peer`` or a transform would otherwise
start a new config line (``username evil privilege 15 ...``), a space would shift the
words of a command, and a ``?`` typed over the CLI asks IOS for help instead of
configuring. The rules here walk every string of every validated model (so a field
added later is covered), then apply the stricter pattern of the fields that have one.

Secrets get the same check on their *values* (a PSK with a newline is an injection
too); a problem names the variable, never the value.

Sources: hostname rules from the Cisco IOS Configuration Fundamentals Command Reference
(``hostname``: letters, digits, hyphens, at most 63 characters, starting with a letter);
``crypto isakmp key`` takes a key of at most 128 characters (Cisco IOS Security Command
Reference, ``crypto isakmp key``).

Examples:
    >>> token_problem("esp-aes 256", TRANSFORM)
    >>> token_problem("esp-aes\\n shut", TRANSFORM)
    'contains a control character (a newline or similar would start a new config line)'
    >>> token_problem("a?b")
    "contains '?' (IOS answers it with help instead of taking the value)"
"""

from __future__ import annotations

import re
import typing
from collections.abc import Iterator
from enum import Enum
from functools import cache

from pydantic import BaseModel

from dmvpnprov.core.errors import Problem
from dmvpnprov.core.models import SecretRef
from dmvpnprov.inventory.validation import Context

__all__ = [
    "HOST_NAME",
    "TRANSFORM",
    "check_tokens",
    "secret_problem",
    "token_problem",
]

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_SPACE = re.compile(r"\s")
MAX_TOKEN = 128
# A host name is also a folder name (backups/<host>/): no separators, no dot files.
HOST_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$")
IOS_HOSTNAME = re.compile(r"^[A-Za-z](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9])?$")
IPV4 = re.compile(r"^(?:\d{1,3}\.){3}\d{1,3}$")
# `esp-aes 256`: a transform and its key length are two tokens IOS reads together.
TRANSFORM = re.compile(r"^[a-z0-9-]+(?: (?:128|192|256))?$")
_FIELD_PATTERNS: dict[str, tuple[re.Pattern[str], str]] = {
    "hostname": (IOS_HOSTNAME, "letters, digits, '-' or '_', starting with a letter, <= 63"),
    "psk_peer": (IPV4, "an IPv4 address"),
    "psk_peer_mask": (IPV4, "an IPv4 mask"),
    "transforms": (TRANSFORM, "a transform such as esp-aes 256 or esp-sha-hmac"),
}


def token_problem(value: str, pattern: re.Pattern[str] | None = None) -> str | None:
    """Why ``value`` cannot be one IOS token (``None`` when it can)."""
    if _CONTROL.search(value):
        return "contains a control character (a newline or similar would start a new config line)"
    if "?" in value:
        return "contains '?' (IOS answers it with help instead of taking the value)"
    if pattern is not None:
        return None if pattern.match(value) else "is not of the form IOS takes"
    if _SPACE.search(value):
        return "contains a space where IOS takes one word"
    if len(value) > MAX_TOKEN:
        return f"is {len(value)} characters long (at most {MAX_TOKEN})"
    return None


def _is_literal(annotation: object) -> bool:
    if typing.get_origin(annotation) is typing.Literal:
        return True
    return any(_is_literal(arg) for arg in typing.get_args(annotation))


@cache
def _text_fields(cls: type[BaseModel]) -> tuple[str, ...]:
    """The fields of ``cls`` that may hold free text (read once per model class: 10,000
    routers would otherwise inspect the same annotations 400,000 times)."""
    return tuple(
        name
        for name, info in cls.model_fields.items()
        if not _is_literal(info.annotation) and name != "env"
    )


def _problems(model: BaseModel, path: str) -> Iterator[tuple[str, str]]:
    """(dotted path, why) of every free-text string in ``model`` that is no IOS token
    (the path is spelled only for a problem: most values have none)."""
    for name in _text_fields(type(model)):
        value = getattr(model, name)
        if value is None:
            continue
        many = isinstance(value, tuple)
        for i, item in enumerate(value if many else (value,)):
            if isinstance(item, BaseModel):
                where = f"{path}.{name}" if path else name
                yield from _problems(item, f"{where}[{i}]" if many else where)
            elif isinstance(item, str) and not isinstance(item, Enum):
                pattern, form = _FIELD_PATTERNS.get(name, (None, ""))
                why = token_problem(item, pattern)
                if why is None:
                    continue
                where = f"{path}.{name}" if path else name
                at = f"{where}[{i}]" if many else where
                yield at, f"{why}{' (' + form + ')' if form and 'form' in why else ''}"


def secret_problem(variable: str, value: str, *, config: bool = True) -> str | None:
    """Why a secret's value cannot be typed into a config line; names ``variable`` only.

    Examples:
        >>> why = secret_problem("DMVPN_PSK", "abc\\nusername evil")
        >>> "DMVPN_PSK" in why and "newline" in why and "evil" not in why
        True
    """
    if _CONTROL.search(value):
        why = "contains a control character (a newline or similar would start a new line)"
    elif not config:
        return None
    elif "?" in value:
        why = "contains '?' (IOS answers it with help)"
    elif _SPACE.search(value):
        why = "contains a space (IOS takes the key as one word)"
    elif len(value) > MAX_TOKEN:
        why = f"is longer than {MAX_TOKEN} characters"
    else:
        return None
    return f"the value of environment variable {variable} {why}"


def _router_tokens(ctx: Context, hosts_file: str) -> Iterator[Problem]:
    for router in ctx.routers:
        if not HOST_NAME.match(router.name):
            msg = (
                "host name must be letters, digits, '.', '_' or '-' (at most 63, not starting"
                " with '.' or '-'): it names the router's backup folder"
            )
            yield Problem(hosts_file, repr(router.name)[1:-1], None, msg)
            continue
        for at, why in _problems(router, ""):
            if at != "name":
                yield ctx.at(router, at.split(".", 1)[0].split("[", 1)[0], at, why)


def _fleet_tokens(ctx: Context) -> Iterator[Problem]:
    for name, cloud in ctx.clouds.items():
        for at, why in _problems(cloud, ""):
            yield ctx.cloud(name, at, why)
    for name, profile in ctx.profiles.items():
        for at, why in _problems(profile, ""):
            field = f"data.crypto_profiles.{name}.{at}"
            yield Problem(ctx.defaults_file, None, field, why)


def _secret_values(ctx: Context) -> Iterator[Problem]:
    refs: dict[str, tuple[SecretRef, str, bool]] = {}
    for name, cloud in ctx.clouds.items():
        ref = cloud.nhrp_auth
        if ref is not None:
            refs.setdefault(ref.env, (ref, f"clouds.{name}.nhrp_auth", True))
    for name, profile in ctx.profiles.items():
        refs.setdefault(profile.psk.env, (profile.psk, f"crypto_profiles.{name}.psk", True))
    for router in ctx.routers:
        for key in ("password", "secret"):
            login = getattr(router.credentials, key)
            if login is not None:
                refs.setdefault(login.env, (login, f"credentials.{key}", False))
    for variable, (ref, field, config) in sorted(refs.items()):
        if not ctx.secrets.is_set(ref):
            continue  # unset: check_secrets names it
        why = secret_problem(variable, ctx.secrets.get(ref), config=config)
        if why is not None:
            yield Problem("environment", None, f"data.{field}", why)


def check_tokens(ctx: Context, hosts_file: str) -> list[Problem]:
    """Every token and secret-value problem of the validated parts of the inventory."""
    return [*_router_tokens(ctx, hosts_file), *_fleet_tokens(ctx), *_secret_values(ctx)]
