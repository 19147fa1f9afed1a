"""Masking: config secrets by pattern, known values in free text, short values as tokens."""

from __future__ import annotations

import pytest

from dmvpnprov.core.models import SecretRef
from dmvpnprov.core.secrets import MASK, MissingSecretError, SecretStore, mask_config, mask_text

CONFIG = """\
enable secret 5 $1$abcd$xyz
username admin privilege 15 password 7 0822455D0A16
crypto isakmp key cisco47 address 0.0.0.0
crypto ikev2 keyring K
 peer ANY
  pre-shared-key local s3cret-local
interface Tunnel0
 ip nhrp authentication donttell
snmp-server community public RO
line vty 0 4
 password 7 045802150C2E
"""


def test_every_secret_bearing_line_is_masked() -> None:
    masked = mask_config(CONFIG)
    for secret in (
        "$1$abcd$xyz",
        "0822455D0A16",
        "cisco47",
        "s3cret-local",
        "donttell",
        "public",
        "045802150C2E",
    ):
        assert secret not in masked
    assert masked.count(MASK) == 7
    assert "crypto isakmp key ******** address 0.0.0.0" in masked


def test_short_secrets_are_masked_as_tokens_not_inside_words() -> None:
    text = "login p failed; crypto peer p:e@host; kernel"
    masked = mask_text(text, ["p", "e"])
    assert masked == "login ******** failed; crypto peer ********:********@host; kernel"


def test_long_secrets_are_masked_anywhere() -> None:
    assert mask_text("xx-longsecret-yy", ["longsecret"]) == f"xx-{MASK}-yy"


def test_store_remembers_what_it_resolved_and_names_missing_variables() -> None:
    store = SecretStore({"PSK": "k3y-value"})
    assert store.get(SecretRef(env="PSK")) == "k3y-value"
    assert store.mask("error near k3y-value") == f"error near {MASK}"
    with pytest.raises(MissingSecretError, match="NHRP_AUTH"):
        store.get(SecretRef(env="NHRP_AUTH"))
