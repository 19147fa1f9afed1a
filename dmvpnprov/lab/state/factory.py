"""What a router's running configuration holds before anyone configures it.

IOS lists every physical interface (``no ip address`` and ``shutdown`` until
configured), the boot markers, ``ip cef``, ``control-plane`` and the console, aux
and vty lines. These lines are typed before a router's starting config.

Examples:
    >>> lines = factory_lines(("FastEthernet0/0",), "12.4(15)T14")
    >>> lines[lines.index("interface FastEthernet0/0") + 1 :][:2]
    [' no ip address', ' shutdown']
    >>> "line aux 0" in lines
    True
"""

from __future__ import annotations

from collections.abc import Iterable

from dmvpnprov.core.platforms import IosRelease

__all__ = ["factory_lines"]


def _interface(name: str, rel: IosRelease) -> list[str]:
    lines = [f"interface {name}", " no ip address", " shutdown"]
    if name.startswith("FastEthernet") and not rel.is_xe:
        lines += [" duplex auto", " speed auto"]
    elif name.startswith("GigabitEthernet"):
        lines += [" negotiation auto"]
    return lines


def factory_lines(physical: Iterable[str], release: str) -> list[str]:
    """The configuration lines of a router fresh from the factory."""
    rel = IosRelease.parse(release)
    lines = [
        "service timestamps debug datetime msec",
        "service timestamps log datetime msec",
        "no service password-encryption",
        "boot-start-marker",
        "boot-end-marker",
        "no aaa new-model",
        "ip cef",
    ]
    for name in physical:
        lines += _interface(name, rel)
    if rel.line >= (12, 4):
        lines.append("ip forward-protocol nd")
    lines += ["no ip http server", "control-plane", "line con 0", "line aux 0", "line vty 0 4"]
    return lines
