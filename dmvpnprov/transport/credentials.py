"""Login credentials from the environment (or a prompt), and masking of everything resolved.

The inventory names variables, never values::

    data:
      credentials:
        password: {env: DMVPN_PASSWORD}
        secret: {env: DMVPN_ENABLE_SECRET}

``data.credentials`` inherits host -> groups -> defaults as any Nornir data key does.
A variable that is unset is asked for once on a terminal (``getpass``); without a
terminal it is a :class:`~dmvpnprov.core.errors.UserError` naming the variable.

Examples:
    >>> creds = Credentials(environ={"PW": "hunter2"}, interactive=False)
    >>> creds.resolve("PW")
    'hunter2'
    >>> creds.mask("login as admin/hunter2 failed")
    'login as admin/******** failed'
"""

from __future__ import annotations

import getpass
import sys
from collections.abc import Mapping
from typing import Any

from dmvpnprov.core.errors import UserError
from dmvpnprov.core.models import SecretRef
from dmvpnprov.core.secrets import MissingSecretError, SecretStore, mask_text

__all__ = ["Credentials"]


class Credentials:
    """Resolves credential variables once, remembers every value for masking."""

    def __init__(
        self,
        environ: Mapping[str, str] | None = None,
        *,
        interactive: bool | None = None,
        store: SecretStore | None = None,
    ) -> None:
        self.store = store or SecretStore(environ=environ)
        self._interactive = sys.stdin.isatty() if interactive is None else interactive
        self._prompted: dict[str, str] = {}

    def resolve(self, variable: str) -> str:
        """The value of ``variable``: environment, earlier prompt, or a new prompt."""
        if variable in self._prompted:
            return self._prompted[variable]
        try:
            return self.store.get(SecretRef(env=variable))
        except MissingSecretError:
            if not self._interactive:
                raise UserError(
                    f"environment variable {variable} is not set (needed to log in to the "
                    "routers; set it, or run on a terminal to be asked)"
                ) from None
        value = getpass.getpass(f"{variable}: ")
        if not value:
            raise UserError(f"no value given for {variable}")
        self._prompted[variable] = value
        return value

    def _variable(self, host: Any, key: str) -> str | None:
        creds = host.get("credentials", None) or {}
        ref = creds.get(key) if isinstance(creds, Mapping) else None
        if isinstance(ref, Mapping) and isinstance(ref.get("env"), str):
            return str(ref["env"])
        if ref is not None:
            raise UserError(
                f"host {host.name}: data.credentials.{key} must be {{env: VARIABLE}}, never a value"
            )
        return None

    def password(self, host: Any) -> str | None:
        """The login password of a Nornir host (``None`` when the inventory names none)."""
        variable = self._variable(host, "password")
        return None if variable is None else self.resolve(variable)

    def enable_secret(self, host: Any) -> str | None:
        """The enable secret of a Nornir host (``None`` when the inventory names none)."""
        variable = self._variable(host, "secret")
        return None if variable is None else self.resolve(variable)

    @property
    def values(self) -> frozenset[str]:
        """Every secret value resolved so far."""
        return self.store.values | frozenset(self._prompted.values())

    def mask(self, text: str) -> str:
        """Mask IOS secret lines and every resolved value in ``text``."""
        return mask_text(self.store.mask(text), self._prompted.values())
