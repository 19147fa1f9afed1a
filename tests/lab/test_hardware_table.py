"""The hardware section of the capability table: every platform has every fact."""

from __future__ import annotations

import dataclasses
import re

import pytest

from dmvpnprov.core.hardware import HARDWARE, board_id, image_file, software_line
from dmvpnprov.core.platforms import PLATFORMS, Platform


@pytest.mark.parametrize("platform", list(Platform))
def test_every_platform_has_every_fact(platform: Platform) -> None:
    hw = HARDWARE[platform]
    for field in dataclasses.fields(hw):
        value = getattr(hw, field.name)
        assert value not in ("", (), 0, None), f"{platform.value}: {field.name} is empty"
    info = PLATFORMS[platform]
    assert info.default_nbma_interface in hw.interfaces
    assert info.default_lan_interface in hw.interfaces
    assert hw.file_system.endswith(":")
    assert re.fullmatch(r"[0-9a-f]{4}", hw.mac_prefix)


@pytest.mark.parametrize("platform", list(Platform))
def test_board_ids_have_the_platform_format_and_differ_per_router(platform: Platform) -> None:
    first, second = board_id(platform, "r1"), board_id(platform, "r2")
    assert first != second
    assert first == board_id(platform, "r1")
    shapes = {"numeric": r"\d{10}", "virtual": r"9[A-Z0-9]{10}"}
    shape = shapes.get(HARDWARE[platform].board_id, r"[A-Z]{3}\d{4}[A-Z0-9]{4}")
    assert re.fullmatch(shape, first)


@pytest.mark.parametrize(
    ("platform", "release", "name"),
    [
        (Platform.C3725, "12.4(15)T14", "c3725-adventerprisek9-mz.124-15.T14.bin"),
        (Platform.C2600XM, "12.4(25d)", "c2600-advsecurityk9-mz.124-25d.bin"),
        (Platform.C7200, "15.2(4)M3", "c7200-adventerprisek9-mz.152-4.M3.bin"),
    ],
)
def test_image_names_are_in_ciscos_form(platform: Platform, release: str, name: str) -> None:
    assert image_file(platform, release) == name


def test_software_line_per_era() -> None:
    assert software_line(Platform.C3725, "12.4(15)T14").startswith(
        "Cisco IOS Software, 3700 Software (C3725-ADVENTERPRISEK9-M), Version 12.4(15)T14,"
    )
    assert "IOS (tm) C2600 Software" in software_line(Platform.C2600, "12.2(13)T")
    assert "C1700 Software" in software_line(Platform.C1700, "12.4(15)T")
