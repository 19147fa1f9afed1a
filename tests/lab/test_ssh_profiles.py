"""The SSH profiles of each IOS release family, seen from independent clients.

asyncssh (as a client) checks what each profile accepts and refuses; a raw socket
reads the server's KEXINIT to check the lists offered, extensions included.
"""

from __future__ import annotations

import asyncio
import socket
import struct

import asyncssh
import pytest

from dmvpnprov.core.platforms import Platform
from dmvpnprov.lab.network.ssh import PROFILES
from tests.support.lab import RouterFactory

pytestmark = pytest.mark.lab


async def _run(port: int, command: str, **options: object) -> tuple[str, str, object]:
    async with asyncssh.connect(
        "127.0.0.1",
        port,
        username="admin",
        password="lab-password",
        known_hosts=None,
        **options,
    ) as conn:
        result = await conn.run(command, check=False)
        return (
            str(result.stdout),
            conn.get_extra_info("server_version"),
            conn.get_extra_info("send_cipher"),
        )


def _name_lists(port: int) -> list[list[str]]:
    """The server's KEXINIT name-lists (kex, host key, ciphers c->s, s->c, MACs ...)."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        stream = sock.makefile("rb")
        banner = stream.readline()
        assert banner.startswith(b"SSH-2.0-")
        sock.sendall(b"SSH-2.0-probe\r\n")
        length = struct.unpack(">I", stream.read(4))[0]
        packet = stream.read(length)
    payload = packet[1:]
    assert payload[0] == 20  # SSH_MSG_KEXINIT
    at, lists = 17, []
    for _ in range(10):
        size = struct.unpack(">I", payload[at : at + 4])[0]
        lists.append(payload[at + 4 : at + 4 + size].decode().split(","))
        at += 4 + size
    return lists


@pytest.mark.parametrize(
    ("release", "profile"),
    [("12.2(13)T", "legacy"), ("12.4(24)T", "legacy-group14"), ("15.2(4)M3", "ios15")],
)
def test_each_profile_offers_exactly_its_lists_and_no_extensions(
    lab_router: RouterFactory, release: str, profile: str
) -> None:
    router = lab_router(release=release)
    assert router.spec.ssh_profile == profile
    kex, host_keys, ciphers, _, macs, *_ = _name_lists(router.port)
    assert kex == PROFILES[profile]["kex_algs"]  # no ext-info-s, no kex-strict-s
    assert host_keys == ["ssh-rsa"]
    assert ciphers == PROFILES[profile]["encryption_algs"]
    assert macs == PROFILES[profile]["mac_algs"]


def test_iosxe_offers_sha2_and_no_extensions(lab_router: RouterFactory) -> None:
    router = lab_router(platform=Platform.ISR4000, release="17.3.4a")
    kex, host_keys, *_ = _name_lists(router.port)
    assert "ext-info-s" not in kex
    assert "kex-strict-s-v00@openssh.com" not in kex
    assert host_keys[0] == "rsa-sha2-512"


def test_legacy_profile_refuses_a_client_without_sha1_key_exchange(
    lab_router: RouterFactory,
) -> None:
    router = lab_router(profile="legacy")
    # The server answers "no matching key exchange" and drops the connection; which of
    # the two the client reads first depends on scheduling (as against a real IOS box).
    with pytest.raises((asyncssh.KeyExchangeFailed, asyncssh.ConnectionLost)):
        asyncio.run(_run(router.port, "show version", kex_algs=["curve25519-sha256"]))


@pytest.mark.parametrize(
    ("cipher", "mac"), [("3des-cbc", "hmac-sha1"), ("aes256-cbc", "hmac-md5-96")]
)
def test_legacy_profile_speaks_every_old_algorithm(
    lab_router: RouterFactory, cipher: str, mac: str
) -> None:
    router = lab_router(profile="legacy")
    out, version, negotiated = asyncio.run(
        _run(
            router.port,
            "show version",
            kex_algs=["diffie-hellman-group1-sha1"],
            encryption_algs=[cipher],
            mac_algs=[mac],
            server_host_key_algs=["ssh-rsa"],
        )
    )
    assert version == "SSH-2.0-Cisco-1.25"
    assert negotiated == cipher
    assert "Version 12.4(24)T" in out


def test_classic_15_refuses_what_a_real_15_2_never_offers(lab_router: RouterFactory) -> None:
    """curve25519 / chacha20 / rsa-sha2 pass against a lab but fail on a real 15.2."""
    router = lab_router(release="15.2(4)M3")
    for bad in (
        {"kex_algs": ["curve25519-sha256"]},
        {"encryption_algs": ["chacha20-poly1305@openssh.com"]},
        {"server_host_key_algs": ["rsa-sha2-512"]},
    ):
        with pytest.raises((asyncssh.KeyExchangeFailed, asyncssh.ConnectionLost)):
            asyncio.run(_run(router.port, "show version", **bad))


def test_classic_15_speaks_ctr_and_group14(lab_router: RouterFactory) -> None:
    router = lab_router(release="15.2(4)M3")
    out, version, cipher = asyncio.run(
        _run(router.port, "show version", kex_algs=["diffie-hellman-group14-sha1"])
    )
    assert version == "SSH-2.0-Cisco-1.25"
    assert str(cipher).endswith("-ctr")  # the client picks among the offered CTR ciphers
    assert "Version 15.2(4)M3" in out
