"""One masking pass for every secret form, in config text, errors and log records."""

from __future__ import annotations

import io
import logging

import pytest

from dmvpnprov.core.models import SecretRef
from dmvpnprov.core.secrets import (
    MASK,
    MaskingFilter,
    SecretStore,
    install_log_masking,
    mask_all,
    mask_config,
)

# (line, the secret it holds)
FORMS = [
    ("crypto isakmp key cisco47 address 0.0.0.0", "cisco47"),
    ("crypto isakmp key 6 ZbVQ[RBcTZ address 0.0.0.0", "ZbVQ[RBcTZ"),
    ("  pre-shared-key golden-psk", "golden-psk"),
    ("  pre-shared-key local 7 0822455D0A16", "0822455D0A16"),
    (" pre-shared-key address 10.1.1.1 key s3cretA", "s3cretA"),
    (" ip nhrp authentication donttell", "donttell"),
    (" ip nhrp authentication 7 104D000A0618", "104D000A0618"),
    ("username admin privilege 15 password 7 0822455D0A17", "0822455D0A17"),
    ("username bob secret 9 $9$abcdefgh", "$9$abcdefgh"),
    ("username eve algorithm-type scrypt secret cleartxt", "cleartxt"),
    ("enable secret 5 $1$xyzxyz", "$1$xyzxyz"),
    ("enable password cleartextE", "cleartextE"),
    (" neighbor 1.2.3.4 password 7 045802150C2E", "045802150C2E"),
    (" neighbor SPOKES password bgpclear", "bgpclear"),
    (" ip ospf authentication-key 7 1234ABCD", "1234ABCD"),
    (" ip ospf message-digest-key 1 md5 7 0822455D0A18", "0822455D0A18"),
    (" ip ospf message-digest-key 1 md5 ospfmd5", "ospfmd5"),
    ("  key-string 7 070C285F4D06", "070C285F4D06"),
    ("  key-string eigrpclr", "eigrpclr"),
    ("snmp-server community public-rw RW", "public-rw"),
    ("snmp-server host 10.1.1.1 version 2c commstr", "commstr"),
    ("tacacs-server key 7 tackey7", "tackey7"),
    ("radius-server key radkey", "radkey"),
    ("radius-server host 10.1.1.1 auth-port 1645 acct-port 1646 key radhost", "radhost"),
    (" key 7 1511021F0725", "1511021F0725"),
    (" password 7 0822455D0A19", "0822455D0A19"),
]


@pytest.mark.parametrize(("line", "secret"), FORMS, ids=[f[1] for f in FORMS])
def test_every_form_is_masked(line: str, secret: str) -> None:
    masked = mask_config(line)
    assert secret not in masked
    assert MASK in masked


def test_non_secrets_stay() -> None:
    text = "key chain K\n key 1\n tunnel key 100000\n keyring local R\n"
    assert mask_config(text) == text


def test_third_party_log_records_are_masked() -> None:
    stream = io.StringIO()
    logger = logging.getLogger("test-masking-root")
    logger.propagate = False
    handler = logging.StreamHandler(stream)
    logger.addHandler(handler)
    install_log_masking(logger)
    store = SecretStore({"PSK": "valuefromenv"})
    store.get(SecretRef(env="PSK"))
    child = logging.getLogger("test-masking-root.paramiko.transport")
    child.setLevel(logging.DEBUG)
    config = "\n".join(line for line, _ in FORMS)
    child.debug("session output: %s", config)
    child.debug("the key is valuefromenv")
    try:
        raise ValueError(FORMS[12][0])  # the neighbor password line
    except ValueError:
        child.exception("failed")
    out = stream.getvalue()
    for _, secret in FORMS:
        assert secret not in out
    assert "valuefromenv" not in out
    assert any(isinstance(f, MaskingFilter) for f in handler.filters)


def test_mask_all_masks_resolved_values() -> None:
    SecretStore({"X": "another-secret-v"}).get(SecretRef(env="X"))
    assert mask_all("error: another-secret-v rejected") == f"error: {MASK} rejected"
