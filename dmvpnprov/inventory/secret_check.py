"""Which secret variables a fleet uses, and which of them are unset.

A secret is referenced by its environment variable's name (``{env: DMVPN_PSK}``); the
fleet needs the NHRP key and the pre-shared key of every cloud a router is in, and
each router's login credentials. A missing one is reported by name, never by value.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from dmvpnprov.core.errors import Problem
from dmvpnprov.core.models import Fleet, SecretRef

__all__ = ["check_secrets", "secret_refs"]


def secret_refs(fleet: Fleet, login: bool = True) -> dict[str, tuple[str, str]]:
    """env var -> (first field that references it, first host using it); without
    ``login``, the routers' login credentials are left out (only push and a live audit
    log in)."""
    refs: dict[str, tuple[str, str]] = {}

    def add(ref: SecretRef | None, where: str, host: str) -> None:
        if ref is not None:
            refs.setdefault(ref.env, (where, host))

    for router in fleet.routers:
        for tunnel in router.tunnels:
            cloud = fleet.clouds.get(tunnel.cloud)
            if cloud is not None:
                add(cloud.nhrp_auth, f"data.clouds.{cloud.name}.nhrp_auth", router.name)
                profile = fleet.crypto_profiles.get(cloud.crypto_profile)
                if profile is not None:
                    path = f"data.crypto_profiles.{profile.name}.psk"
                    add(profile.psk, path, router.name)
        if login:
            add(router.credentials.password, "data.credentials.password", router.name)
            add(router.credentials.secret, "data.credentials.secret", router.name)
    return refs


def check_secrets(
    fleet: Fleet, environ: Mapping[str, str] | None = None, login: bool = True
) -> list[Problem]:
    """A problem per secret variable the fleet uses that is unset (or empty); without
    ``login``, login credentials are not asked for (``validate``, offline ``audit``)."""
    env = os.environ if environ is None else environ
    return [
        Problem("environment", host, where, f"environment variable {var} is not set")
        for var, (where, host) in sorted(secret_refs(fleet, login).items())
        if not env.get(var)
    ]
