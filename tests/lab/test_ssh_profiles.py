"""The two SSH profiles, seen from an independent client (asyncssh)."""

from __future__ import annotations

import asyncio

import asyncssh
import pytest

from tests.support.lab import RouterFactory

pytestmark = pytest.mark.lab


async def _run(port: int, command: str, **options: object) -> tuple[str, str]:
    async with asyncssh.connect(
        "127.0.0.1",
        port,
        username="admin",
        password="lab-password",
        known_hosts=None,
        **options,
    ) as conn:
        result = await conn.run(command, check=False)
        return str(result.stdout), conn.get_extra_info("server_version")


def test_legacy_profile_refuses_a_client_without_sha1_key_exchange(
    lab_router: RouterFactory,
) -> None:
    router = lab_router(profile="legacy")
    # The server answers "no matching key exchange" and drops the connection; which of
    # the two the client reads first depends on scheduling (as against a real IOS box).
    with pytest.raises((asyncssh.KeyExchangeFailed, asyncssh.ConnectionLost)):
        asyncio.run(_run(router.port, "show version", kex_algs=["curve25519-sha256"]))


def test_legacy_profile_speaks_the_old_algorithms(lab_router: RouterFactory) -> None:
    router = lab_router(profile="legacy")
    out, version = asyncio.run(
        _run(
            router.port,
            "show version",
            kex_algs=["diffie-hellman-group1-sha1"],
            encryption_algs=["3des-cbc"],
            mac_algs=["hmac-sha1"],
            server_host_key_algs=["ssh-rsa"],
        )
    )
    assert version == "SSH-2.0-Cisco-1.25"
    assert "Version 12.4(24)T" in out


def test_modern_profile_and_exec_channel(lab_router: RouterFactory) -> None:
    router = lab_router(release="15.2(4)M3")
    out, version = asyncio.run(_run(router.port, "show version", kex_algs=["curve25519-sha256"]))
    assert version == "SSH-2.0-Cisco-1.25"
    assert "Version 15.2(4)M3" in out
