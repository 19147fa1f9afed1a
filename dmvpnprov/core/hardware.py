"""The capability table's hardware section: what each platform's box is and prints.

For every :class:`~dmvpnprov.core.platforms.Platform`: the model ``show version``
and ``show inventory`` name, the software family string of ``show version``
(``3700 Software``, ``C2600 Software``), the image, the processor line, memory,
NVRAM, the flash file system and its size, the format of the processor board ID
(the serial number NAPALM and ntc-templates read), the physical interfaces and the
Ethernet controller ``show interfaces`` names. The lab prints from this table; the
sources (public captures of real boxes) are in ``docs/lab.md``.

Examples:
    >>> image_file(Platform.C3725, "12.4(15)T14")
    'c3725-adventerprisek9-mz.124-15.T14.bin'
    >>> HARDWARE[Platform.C3725].family
    '3700'
    >>> board_id(Platform.C3725, "spoke-a")
    'FTX0945HVFQ'
    >>> board_id(Platform.C7200, "hub1")
    '4279258351'
"""

from __future__ import annotations

import hashlib
import string
from dataclasses import dataclass

from dmvpnprov.core.platforms import PLATFORMS, IosRelease, Platform

__all__ = ["HARDWARE", "Hardware", "board_id", "image_file", "software_line", "xe_padded"]


@dataclass(frozen=True)
class Hardware:
    """One platform's box as its show commands print it."""

    model: str  # "3725", "7206VXR", "ISR4331/K9"
    pid: str  # show inventory PID
    family: str  # "3700" -> "3700 Software (...)"
    image: str  # "C3725-ADVENTERPRISEK9-M"
    processor: str  # "Cisco 3725 (R7000) processor (revision 0.1)"
    memory: str  # "124928K/6144K"
    nvram_kb: int
    file_system: str  # "flash:", "disk0:", "bootflash:"
    flash_kb: int
    board_id: str  # "FTX0945" (prefix + year/week), "numeric" or "virtual" (CSR1000V)
    interfaces: tuple[str, ...]  # PLATFORMS[platform].ports: the one source of port names
    controller: str  # "Gt96k FE" for `show interfaces` "Hardware is ..."
    mac_prefix: str  # the first four hex digits of the chassis MAC ("c203")
    source: str


HARDWARE: dict[Platform, Hardware] = {
    Platform.C1700: Hardware(
        "1721", "CISCO1721", "C1700", "C1700-ADVSECURITYK9-M",
        "Cisco 1721 (MPC860P) processor (revision 0x100)", "88474K/9830K", 32, "flash:",
        32768, "FOC0852", PLATFORMS[Platform.C1700].ports, "PQUICC_FEC",
        "000f", "ntc-templates tests/cisco_ios/show_version (1700 family captures)",
    ),
    Platform.C1710: Hardware(
        "1710", "CISCO1710", "C1700", "C1710-K9O3SY-M",
        "Cisco 1710 (MPC860T) processor (revision 0x200)", "88474K/9830K", 32, "flash:",
        32768, "FOC0852", PLATFORMS[Platform.C1710].ports, "PQUICC_FEC",
        "000f", "as the 1700 entry; onboard ports per the 1700 series hardware guides",
    ),
    Platform.C1720: Hardware(
        "1720", "CISCO1720", "C1700", "C1700-K9O3SY7-M",
        "Cisco 1720 (MPC860) processor (revision 0x601)", "88474K/9830K", 32, "flash:",
        32768, "FOC0852", PLATFORMS[Platform.C1720].ports, "PQUICC_FEC",
        "000f", "as the 1700 entry; onboard ports per the 1700 series hardware guides",
    ),
    Platform.C1721: Hardware(
        "1721", "CISCO1721", "C1700", "C1700-ADVSECURITYK9-M",
        "Cisco 1721 (MPC860P) processor (revision 0x100)", "88474K/9830K", 32, "flash:",
        32768, "FOC0852", PLATFORMS[Platform.C1721].ports, "PQUICC_FEC",
        "000f", "as the 1700 entry; onboard ports per the 1700 series hardware guides",
    ),
    Platform.C1750: Hardware(
        "1750", "CISCO1750", "C1700", "C1700-K9O3SY7-M",
        "Cisco 1750 (MPC860) processor (revision 0x601)", "88474K/9830K", 32, "flash:",
        32768, "FOC0852", PLATFORMS[Platform.C1750].ports, "PQUICC_FEC",
        "000f", "as the 1700 entry; onboard ports per the 1700 series hardware guides",
    ),
    Platform.C1751: Hardware(
        "1751", "CISCO1751", "C1700", "C1700-ADVSECURITYK9-M",
        "Cisco 1751 (MPC860P) processor (revision 0x200)", "88474K/9830K", 32, "flash:",
        32768, "FOC0852", PLATFORMS[Platform.C1751].ports,
        "PQUICC_FEC",
        "000f", "as the 1700 entry; onboard ports per the 1700 series hardware guides",
    ),
    Platform.C1760: Hardware(
        "1760", "CISCO1760", "C1700", "C1700-ADVSECURITYK9-M",
        "Cisco 1760 (MPC860P) processor (revision 0x500)", "88474K/9830K", 32, "flash:",
        32768, "FOC0852", PLATFORMS[Platform.C1760].ports,
        "PQUICC_FEC",
        "000f", "as the 1700 entry; onboard ports per the 1700 series hardware guides",
    ),
    Platform.C2600: Hardware(
        "2611", "CISCO2611", "C2600", "C2600-ADVSECURITYK9-M",
        "Cisco 2611 (MPC860) processor (revision 0x203)", "61440K/4096K", 32, "flash:",
        16384, "JAB0348", PLATFORMS[Platform.C2600].ports, "AmdP2",
        "0003", "public 2611 show version captures (Ethernet0/0-0/1, MPC860)",
    ),
    Platform.C2600XM: Hardware(
        "2621XM", "CISCO2621XM", "C2600", "C2600-ADVSECURITYK9-M",
        "Cisco 2621XM (MPC860P) processor (revision 0x200)", "125952K/5120K", 32, "flash:",
        32768, "FTX0812", PLATFORMS[Platform.C2600XM].ports, "AmdFE",
        "000d", "public 2621XM show version captures (MPC860P, AmdFE)",
    ),
    Platform.C3725: Hardware(
        "3725", "C3725", "3700", "C3725-ADVENTERPRISEK9-M",
        "Cisco 3725 (R7000) processor (revision 0.1)", "124928K/6144K", 55, "flash:",
        62720, "FTX0945", PLATFORMS[Platform.C3725].ports, "Gt96k FE",
        "c203", "public 3725 capture (12.4(15)T14): R7000, 55K NVRAM, board ID FTX0945W0MY",
    ),
    Platform.C3745: Hardware(
        "3745", "C3745", "3700", "C3745-ADVENTERPRISEK9-M",
        "Cisco 3745 (R7000) processor (revision 2.0)", "249856K/12288K", 151, "flash:",
        125440, "FTX0933", PLATFORMS[Platform.C3745].ports, "Gt96k FE",
        "c401", "public 3745 show version captures (R7000, 151K NVRAM)",
    ),
    Platform.C7200: Hardware(
        "7206VXR", "CISCO7206VXR", "7200", "C7200-ADVENTERPRISEK9-M",
        "Cisco 7206VXR (NPE-G2) processor (revision A)", "917504K/65536K", 2045, "disk0:",
        255744, "numeric",
        PLATFORMS[Platform.C7200].ports, "MV64460 Internal MAC",
        "ca01", "public 7206VXR NPE-G2 captures (15.2(4)M): numeric board ID, disk0:",
    ),
    Platform.ISR4000: Hardware(
        "ISR4331/K9", "ISR4331/K9", "ISR", "X86_64_LINUX_IOSD-UNIVERSALK9-M",
        "cisco ISR4331/K9 (1RU) processor", "1795979K/6147K", 32768, "bootflash:",
        7341807, "FDO2112",
        PLATFORMS[Platform.ISR4000].ports,
        "ISR4331-3x1GE", "00a3", "ntc-templates tests/cisco_ios/show_version (ISR4331, 16.x)",
    ),
    Platform.CSR1000V: Hardware(
        "CSR1000V", "CSR1000V", "Virtual XE", "X86_64_LINUX_IOSD-UNIVERSALK9-M",
        "cisco CSR1000V (VXE) processor (revision VXE)", "2378575K/3075K", 32768, "bootflash:",
        7774207, "virtual",
        PLATFORMS[Platform.CSR1000V].ports,
        "CSR vNIC", "0050", "public CSR1000V show version captures (genieparser iosxe show "
        "version examples; DevNet sandbox): VXE processor, 9-prefixed board ID, bootflash:",
    ),
}  # fmt: skip

_XE_IMAGES = {Platform.ISR4000: "isr4300-universalk9", Platform.CSR1000V: "csr1000v-universalk9"}

_XE_CODENAMES = {
    (16, 3): "Denali", (16, 4): "Denali", (16, 5): "Everest", (16, 6): "Everest",
    (16, 7): "Fuji", (16, 8): "Fuji", (16, 9): "Fuji", (16, 10): "Gibraltar",
    (16, 11): "Gibraltar", (16, 12): "Gibraltar", (17, 1): "Amsterdam", (17, 2): "Amsterdam",
    (17, 3): "Amsterdam", (17, 4): "Bengaluru", (17, 5): "Bengaluru", (17, 6): "Bengaluru",
    (17, 7): "Cupertino", (17, 8): "Cupertino", (17, 9): "Cupertino",
}  # fmt: skip


def xe_padded(release: str) -> str:
    """An IOS-XE release as its first ``show version`` line and image name write it.

    Examples:
        >>> xe_padded("17.3.4a"), xe_padded("16.9.6")
        ('17.03.04a', '16.09.06')
    """
    major, minor, rest = release.split(".", 2)
    digits = rest.rstrip("abcdefghijklmnopqrstuvwxyz")
    return f"{major}.{int(minor):02d}.{int(digits):02d}{rest[len(digits) :]}"


def image_file(platform: Platform, release: str) -> str:
    """The image file name as Cisco names it: ``c3725-adventerprisek9-mz.124-15.T14.bin``."""
    rel = IosRelease.parse(release)
    if rel.is_xe:
        return f"{_XE_IMAGES[platform]}.{xe_padded(rel.text)}.SPA.bin"
    base = HARDWARE[platform].image.lower()[: -len("-m")]
    maint = rel.text[rel.text.index("(") + 1 : rel.text.index(")")]
    tail = rel.text[rel.text.index(")") + 1 :]
    return f"{base}-mz.{rel.major}{rel.minor}-{maint}{'.' + tail if tail else ''}.bin"


def software_line(platform: Platform, release: str) -> str:
    """The first line(s) of ``show version`` naming the software, as each era prints it."""
    hw, rel = HARDWARE[platform], IosRelease.parse(release)
    fc = "fc2" if rel.rebuild else "fc1"
    if rel.is_xe:
        name = _XE_CODENAMES.get(rel.line, "Bengaluru")
        return (
            f"Cisco IOS XE Software, Version {xe_padded(rel.text)}\n"
            f"Cisco IOS Software [{name}], {hw.family} Software ({hw.image}), Version {rel.text}, "
            f"RELEASE SOFTWARE ({fc})"
        )
    if rel.line < (12, 3) or (rel.line == (12, 3) and rel.train == ""):
        return (
            "Cisco Internetwork Operating System Software \n"
            f"IOS (tm) {hw.family} Software ({hw.image}), Version {rel.text}, "
            f"RELEASE SOFTWARE ({fc})"
        )
    return (
        f"Cisco IOS Software, {hw.family} Software ({hw.image}), Version {rel.text}, "
        f"RELEASE SOFTWARE ({fc})"
    )


def board_id(platform: Platform, seed: str) -> str:
    """A stable processor board ID for router ``seed`` in the platform's format."""
    digest = hashlib.sha256(seed.encode()).digest()
    prefix = HARDWARE[platform].board_id
    if prefix == "numeric":
        return str(4279256517 + int.from_bytes(digest[:2], "big"))
    alphabet = string.ascii_uppercase + string.digits
    if prefix == "virtual":  # CSR1000V: "9" and ten letters or digits (9RYMNIFHO62)
        return "9" + "".join(alphabet[b % len(alphabet)] for b in digest[:10])
    return prefix + "".join(alphabet[b % len(alphabet)] for b in digest[:4])
