"""The lab knows every platform of the capability table (a platform added there but not
to the lab would fail at ``show version`` with a KeyError)."""

from __future__ import annotations

import pytest

from dmvpnprov.core.platforms import PLATFORMS, Platform
from tests.support.terminal import Term

_NEWEST_XE = "17.3.4a"


@pytest.mark.parametrize("platform", list(Platform), ids=lambda p: p.value)
def test_show_version_on_every_platform(platform: Platform) -> None:
    release = PLATFORMS[platform].max_release or _NEWEST_XE
    term = Term(release=release, platform=platform)
    try:
        out = term.type("show version")
    finally:
        term.loop.close()
    assert f"Version {release}" in out, out
    assert "uptime is" in out
    assert "%" not in out.split("show version", 1)[1], out
