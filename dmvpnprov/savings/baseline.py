"""The designs DMVPN replaces, rendered from templates, and the line-counting rule.

Two baselines, both built from the fleet's own settings (crypto profile, tunnel
bandwidth/MTU/MSS/delay, NBMA interface, LANs, routing):

- static hub-and-spoke: on the hub, per spoke, a point-to-point GRE tunnel, a crypto
  map entry, a GRE access-list line and an ISAKMP key (``baseline_hub_static.j2``); a
  spoke has the same block once per hub (``baseline_spoke_static.j2``);
- full mesh: a spoke carries that block for every hub and every other spoke
  (``baseline_spoke_mesh.j2``); the hub is the static hub.

Peers are addressed from /30s of the cloud's tunnel subnet (:mod:`dmvpnprov.savings.peering`).
Secrets are never needed to count lines: keys render as :data:`~dmvpnprov.core.secrets.MASK`.

The counting rule (:func:`count_lines`) and the spoke-related part of a config
(:func:`spoke_related`) are the single definition every figure of the report uses.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from jinja2 import Template, TemplateError

from dmvpnprov.core.errors import UserError
from dmvpnprov.core.iossyntax import NEIGHBOR, TUNNEL_INTERFACE
from dmvpnprov.core.models import Fleet, Router
from dmvpnprov.render.engine import environment
from dmvpnprov.savings.peering import BaselineDevice, Design, baseline_device

__all__ = [
    "COUNTING_RULE",
    "SPOKE_RELATED",
    "count_lines",
    "render_baseline",
    "spoke_related",
    "spoke_related_lines",
]

TEMPLATE_FOR: dict[Design, str] = {
    Design.STATIC_HUB: "baseline_hub_static.j2",
    Design.STATIC_SPOKE: "baseline_spoke_static.j2",
    Design.MESH_SPOKE: "baseline_spoke_mesh.j2",
}

COUNTING_RULE = (
    "A line counts when it is a configuration command: every non-blank line except '!' "
    "comment lines and the closing 'end'. Sub-commands count one each, like their parent. "
    "The comparison (as in the deck) is the spoke-related part of the hub: the tunnel "
    "interface sections, the ISAKMP keys / IKEv2 keyrings, the crypto map entries, the GRE "
    "access lists and per-neighbour routing lines. ISAKMP policy, transform set, IPsec "
    "profile, physical interfaces and the rest of routing exist in every design and are "
    "counted only in the whole-config totals."
)

# Top-level commands whose whole section is spoke-related.
SPOKE_RELATED: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p)
    for p in (
        TUNNEL_INTERFACE.pattern,
        r"^crypto isakmp key ",
        r"^crypto ikev2 keyring ",
        r"^crypto map \S+ \d+ ipsec-isakmp",
        r"^access-list \d+ permit gre ",
        r"^ip access-list extended ",
    )
)
_SPOKE_RELATED_ANY = re.compile("|".join(f"(?:{p.pattern})" for p in SPOKE_RELATED))
# Sub-commands that are spoke-related wherever they appear (one BGP neighbour per peer).
_SPOKE_RELATED_CHILD = re.compile(r"^ " + NEIGHBOR.pattern[1:])  # indented, as rendered


# A counted line: optional indent, then anything but `!` or blank; `end` alone is not.
_COUNTED = re.compile(r"^[ \t]*(?!end[ \t]*$)[^!\s]", re.MULTILINE)
_SECTION = re.compile(r"\n(?=[^ \n])")  # a new top-level command starts a section


def count_lines(text: str) -> int:
    """Configuration lines in ``text``: blanks, ``!`` lines and ``end`` don't count.

    Examples:
        >>> count_lines("hostname R1\\n!\\ninterface Tunnel0\\n ip mtu 1416\\n\\n!\\nend\\n")
        3
        >>> count_lines("! only a comment\\n   \\n")
        0
    """
    return len(_COUNTED.findall(text))


def spoke_related_lines(text: str) -> list[str]:
    """The configuration lines of ``text`` that exist because of the spokes.

    A top-level command matching :data:`SPOKE_RELATED` brings its whole section; a
    per-neighbour routing line counts wherever it is.

    Examples:
        >>> cfg = '''crypto isakmp policy 1
        ...  authentication pre-share
        ... crypto isakmp key ******** address 0.0.0.0
        ... interface Tunnel0
        ...  ip mtu 1416
        ... !
        ... interface Ethernet0
        ...  ip address 172.17.0.1 255.255.255.0
        ... '''
        >>> spoke_related_lines(cfg)
        ['crypto isakmp key ******** address 0.0.0.0', 'interface Tunnel0', ' ip mtu 1416']
    """
    return list(_related(text))


@lru_cache(maxsize=16)
def _related(text: str) -> tuple[str, ...]:
    # Per section, not per line: a 10,000-spoke hub has 140,000 lines but 40,000 sections.
    selected: list[str] = []
    for section in _SECTION.split("\n" + text):
        if not section:
            continue
        lines = [ln.rstrip() for ln in section.split("\n") if _COUNTED.match(ln)]
        if lines and _SPOKE_RELATED_ANY.match(lines[0]):
            selected.extend(lines)
        elif " neighbor " in section:
            selected.extend(ln for ln in lines if _SPOKE_RELATED_CHILD.match(ln))
    return tuple(selected)


def spoke_related(text: str) -> int:
    """How many lines of ``text`` are spoke-related (see :func:`spoke_related_lines`).

    Examples:
        >>> spoke_related("interface Tunnel1\\n tunnel destination 192.0.2.9\\nrouter eigrp 1\\n")
        2
    """
    return len(_related(text))


@lru_cache(maxsize=8)
def _template(design: Design, templates: Path | None) -> Template:
    return environment(templates).get_template(TEMPLATE_FOR[design])


def render_device(device: BaselineDevice, templates: Path | None = None) -> str:
    """Render one prepared baseline device with its design's template.

    A broken template (a user's ``--templates`` copy) is a :class:`UserError` naming the
    template and the line, never a traceback.
    """
    name = TEMPLATE_FOR[device.design]
    try:
        return _template(device.design, templates).render(d=device)
    except TemplateError as exc:
        where = f"{getattr(exc, 'filename', None) or name}, line {getattr(exc, 'lineno', '?')}"
        msg = f"host {device.hostname}: baseline template error in {where}: {exc}"
        raise UserError(msg) from None
    except (LookupError, TypeError, ValueError, AttributeError) as exc:
        msg = f"host {device.hostname}: baseline template {name} failed: {exc}"
        raise UserError(msg) from None


def render_baseline(
    fleet: Fleet,
    router: Router,
    design: Design,
    templates: Path | None = None,
) -> str:
    """The baseline config of ``router`` in ``design`` (keys masked).

    ``templates`` is a folder searched before the built-in templates, so a user's
    ``--templates`` copy may override the baselines too.
    """
    return render_device(baseline_device(fleet, router, design), templates)
