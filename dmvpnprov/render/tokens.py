"""A secret store that renders a stable token per variable instead of the secret.

The control-plane model compares secrets by identity: two routers' keys match when
they come from the same variable. Rendering with this store puts a token derived from
the variable's *name* (never its value) in each secret's place, so the intended configs
the model reads hold no secret at all. Tokens are 8 characters (the length IOS allows
for ``ip nhrp authentication``).

Examples:
    >>> from dmvpnprov.core.models import SecretRef
    >>> store = TokenSecretStore({})
    >>> store.get(SecretRef(env="DMVPN_PSK")) == store.get(SecretRef(env="DMVPN_PSK"))
    True
    >>> store.get(SecretRef(env="DMVPN_PSK")) != store.get(SecretRef(env="DMVPN_NHRP_AUTH"))
    True
"""

from __future__ import annotations

import hashlib

from dmvpnprov.core.models import SecretRef
from dmvpnprov.core.secrets import SecretStore

__all__ = ["TokenSecretStore", "token"]


def token(variable: str) -> str:
    """The token that stands for the secret held in ``variable``."""
    return "T" + hashlib.sha256(variable.encode()).hexdigest()[:7]


class TokenSecretStore(SecretStore):
    """Resolves every reference to its variable's token (set or not)."""

    def get(self, ref: SecretRef) -> str:
        """The token of ``ref``'s variable."""
        return token(ref.env)

    def is_set(self, ref: SecretRef) -> bool:
        """Always True: a token needs no value."""
        return True
