"""``dmvpnprov report``: how many configuration lines DMVPN saves, measured.

For each hub, the spoke-related lines of its real DMVPN config (``render``) against the
static hub-and-spoke baseline rendered for the same spokes (``baseline``); per design
(DMVPN, static hub-and-spoke, full mesh) the lines on a hub and on a spoke and what
adding one spoke costs. ``--spokes N`` reports on the inventory's pattern grown to N
spokes (:mod:`dmvpnprov.savings.whatif`). Nothing here needs a real secret: every secret renders
as the mask, so no report can leak one.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from dmvpnprov.core.errors import UserError
from dmvpnprov.core.models import Fleet, Router
from dmvpnprov.savings.baseline import COUNTING_RULE, count_lines, render_baseline, spoke_related
from dmvpnprov.savings.baseline import spoke_related_lines as related_lines
from dmvpnprov.savings.deck import deck_differences
from dmvpnprov.savings.measure import Measured, changed_lines, measure, render_dmvpn
from dmvpnprov.savings.model import ChartPoint, DesignCosts, HubSavings, Savings
from dmvpnprov.savings.peering import Design, baseline_device, hub_spokes, spoke_hubs
from dmvpnprov.savings.whatif import fleet_with_spokes, grow_fleet

__all__ = ["CHART_SPOKES", "build_savings"]

log = logging.getLogger(__name__)

CHART_SPOKES = (1, 2, 3, 5, 7, 10, 15, 20, 30, 50, 70, 100, 150, 200, 300, 500, 700, 800, 900, 1000)
_SAMPLE = 20  # existing spokes re-rendered to check that adding a spoke leaves them alone


@dataclass(frozen=True)
class _Rendered:
    """Every config the report reads, rendered once (one fleet index per fleet)."""

    dmvpn: dict[str, str]  # hubs and the first spokes, real render
    baseline: dict[str, str]  # hubs, static hub-and-spoke baseline
    static_spoke: str  # the first spoke, static hub-and-spoke baseline

    @classmethod
    def of(cls, fleet: Fleet, templates: Path | None) -> _Rendered:
        names = [r.name for r in (*fleet.hubs, *fleet.spokes[:_SAMPLE])]
        spoke = fleet.spokes[0]
        return cls(
            dmvpn={name: render_dmvpn(fleet, name, templates) for name in names},
            baseline={
                h.name: render_baseline(fleet, h, Design.STATIC_HUB, templates) for h in fleet.hubs
            },
            static_spoke=render_baseline(fleet, spoke, Design.STATIC_SPOKE, templates),
        )


def _hub_row(fleet: Fleet, hub: Router, texts: _Rendered, per_spoke: int) -> HubSavings:
    dmvpn, baseline = texts.dmvpn[hub.name], texts.baseline[hub.name]
    base, ours = spoke_related(baseline), spoke_related(dmvpn)
    log.info("host %s: baseline %d lines, DMVPN %d lines", hub.name, base, ours)
    return HubSavings(
        host=hub.name,
        spokes=len(hub_spokes(fleet, hub)),
        baseline_lines=base,
        dmvpn_lines=ours,
        saved_lines=base - ours,
        ratio=round(base / ours, 2) if ours else 0.0,
        lines_per_spoke=per_spoke,
        baseline_total_lines=count_lines(baseline),
        dmvpn_total_lines=count_lines(dmvpn),
    )


def _dmvpn_costs(
    fleet: Fleet, grown: Fleet, texts: _Rendered, templates: Path | None
) -> tuple[DesignCosts, list[str]]:
    """DMVPN: real renders; every hub and the first spokes re-rendered after adding one
    (``grown`` is ``fleet`` plus one spoke)."""
    hub, spoke = fleet.hubs[0], fleet.spokes[0]
    changes = {name: changed_lines(text, render_dmvpn(grown, name, templates))
               for name, text in texts.dmvpn.items()}  # fmt: skip
    hubs = [changes[h.name] for h in fleet.hubs]
    hub_names = {h.name for h in fleet.hubs}
    spokes = [c for name, c in changes.items() if name not in hub_names]
    notes = []
    if len(spokes) < len(fleet.spokes):
        notes.append(
            f"adding a spoke: every hub and the first {len(spokes)} of {len(fleet.spokes)} "
            "spokes were rendered before and after (a DMVPN spoke's config names only its hubs)"
        )
    changed_spokes = sum(1 for c in spokes if c)
    d_hub, d_spoke = texts.dmvpn[hub.name], texts.dmvpn[spoke.name]
    costs = DesignCosts(
        design="dmvpn",
        name="DMVPN",
        hub_lines=spoke_related(d_hub),
        hub_total_lines=count_lines(d_hub),
        spoke_lines=spoke_related(d_spoke),
        spoke_total_lines=count_lines(d_spoke),
        tunnels_per_spoke=len(spoke.tunnels),
        add_devices_changed=1 + sum(1 for c in hubs if c) + changed_spokes,
        add_hub_lines_changed=max(hubs, default=0),
        add_other_spoke_lines_changed=max(spokes, default=0),
        add_other_spokes_changed=changed_spokes,
    )
    return costs, notes


def _static_costs(
    fleet: Fleet, texts: _Rendered, hub_m: Measured, mesh_m: Measured
) -> tuple[DesignCosts, DesignCosts]:
    hub, spoke = fleet.hubs[0], fleet.spokes[0]
    n = len(fleet.spokes)
    hubs_used = len(spoke_hubs(fleet, spoke))
    hub_links = _hub_links(fleet, spoke)
    s_hub, s_spoke = texts.baseline[hub.name], texts.static_spoke
    pps = hub_m.peers_per_spoke
    peers = len(hub_spokes(fleet, hub)) * pps
    hub_add = hub_m.related.lines(peers + pps) - hub_m.related.lines(peers)
    mesh_peers = hub_links + n - 1
    static = DesignCosts(
        "static", "static hub-and-spoke", spoke_related(s_hub), count_lines(s_hub),
        spoke_related(s_spoke), count_lines(s_spoke), hub_links, 1 + hubs_used, hub_add, 0, 0,
    )  # fmt: skip
    mesh = DesignCosts(
        "full-mesh", "full mesh", static.hub_lines, static.hub_total_lines,
        mesh_m.related.lines(mesh_peers), mesh_m.total.lines(mesh_peers), mesh_peers,
        1 + hubs_used + n, hub_add, mesh_m.related.block(mesh_peers + 1), n,
    )  # fmt: skip
    return static, mesh


def _hub_links(fleet: Fleet, spoke: Router) -> int:
    """Tunnels a spoke of the static design has to its hubs (one per hub and cloud)."""
    return len(baseline_device(fleet, spoke, Design.STATIC_SPOKE).peers)


def _chart(
    dmvpn: DesignCosts, hub_m: Measured, mesh_m: Measured, static: DesignCosts
) -> tuple[ChartPoint, ...]:
    hub_links, pps = static.tunnels_per_spoke, hub_m.peers_per_spoke
    return tuple(
        ChartPoint(
            spokes=n,
            dmvpn_hub=dmvpn.hub_lines,
            static_hub=hub_m.related.lines(n * pps),
            mesh_hub=hub_m.related.lines(n * pps),
            dmvpn_spoke=dmvpn.spoke_lines,
            static_spoke=static.spoke_lines,
            mesh_spoke=mesh_m.related.lines(hub_links + n - 1),
        )
        for n in CHART_SPOKES
    )


def build_savings(
    fleet: Fleet, spokes: int | None = None, templates: Path | None = None, inventory: str = ""
) -> Savings:
    """Measure everything the report shows for ``fleet`` (grown to ``spokes`` if given)."""
    if spokes is not None and spokes < 1:
        raise UserError(f"--spokes must be 1 or more (got {spokes})")
    target = len(fleet.spokes) if spokes is None else spokes
    if not target:
        raise UserError("the inventory has no spoke: give --spokes N for a what-if fleet")
    # Grow once to N + 1 spokes (the "add a spoke" fleet) and take the first N from it:
    # generating 10,000 spokes twice was half of --spokes 10000.
    grown, notes = grow_fleet(fleet, target, spare=1)
    fleet = fleet_with_spokes(grown, target)
    if spokes is None:
        notes = []
    if not fleet.hubs or not fleet.spokes:
        raise UserError("the report needs at least one hub and one spoke (try --spokes N)")
    hub, spoke = fleet.hubs[0], fleet.spokes[0]
    texts = _Rendered.of(fleet, templates)
    hub_m = measure(fleet, hub, Design.STATIC_HUB, templates)
    mesh_m = measure(fleet, spoke, Design.MESH_SPOKE, templates)
    measured = {h.name: measure(fleet, h, Design.STATIC_HUB, templates) for h in fleet.hubs[1:]}
    measured[hub.name] = hub_m
    per_spoke = {name: m.related.numbered * m.peers_per_spoke for name, m in measured.items()}
    rows = tuple(_hub_row(fleet, h, texts, per_spoke[h.name]) for h in fleet.hubs)
    dmvpn, more = _dmvpn_costs(fleet, grown, texts, templates)
    static, mesh = _static_costs(fleet, texts, hub_m, mesh_m)
    hub_dmvpn = related_lines(texts.dmvpn[hub.name])
    if any(fleet.crypto_profiles[c.crypto_profile].ike_version == 2 for c in fleet.clouds.values()):
        notes.append(
            "IKEv2 clouds: the static baselines are the deck's IKEv1 crypto maps with one "
            "ISAKMP key per peer; an IKEv2 static design needs a keyring peer (3 lines) "
            "per spoke instead of the key line, so its real per-spoke cost is higher"
        )
    if any(s.nbma.address == "dhcp" and s.nbma.public_address is None for s in fleet.spokes):
        notes.append(
            "spokes with a DHCP public address can't be the tunnel destination of a static "
            "design; the baselines count them with a 192.0.2.0/24 placeholder address"
        )
    return Savings(
        inventory=inventory,
        what_if_spokes=spokes,
        counting_rule=COUNTING_RULE,
        hubs=rows,
        designs=(dmvpn, static, mesh),
        chart=_chart(dmvpn, hub_m, mesh_m, static),
        counted={
            "dmvpn_hub": tuple(hub_dmvpn),
            "static_hub_per_spoke": hub_m.block_text,
            "dmvpn_spoke": tuple(related_lines(texts.dmvpn[spoke.name])),
        },
        deck_differences=deck_differences(hub_dmvpn, hub_m.block_text),
        notes=(*notes, *more),
    )
