"""The savings report as data: what ``report`` computes and every format renders.

:meth:`Savings.to_dict` is the canonical JSON (DESIGN.md: ``{"hubs": [{"host",
"spokes", "baseline_lines", "dmvpn_lines", "saved_lines"}], ...}``); table, markdown and
html are produced from the same object.

The deck's figures are kept here, as the deck states them, to be shown beside ours.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = ["DECK", "ChartPoint", "DesignCosts", "HubSavings", "Savings"]

# "Configuration Size Reduction – Hub Router in 300-Spoke Network" (the source deck).
DECK: dict[str, int] = {
    "spokes": 300,
    "lines_per_spoke": 13,
    "baseline_lines": 3900,
    "dmvpn_lines": 16,
    "saved_lines": 3884,
}


@dataclass(frozen=True)
class HubSavings:
    """One hub: its spoke-related lines in the static baseline and with DMVPN."""

    host: str
    spokes: int
    baseline_lines: int
    dmvpn_lines: int
    saved_lines: int
    ratio: float  # baseline / dmvpn
    lines_per_spoke: int  # the measured single-spoke block of the baseline hub
    baseline_total_lines: int
    dmvpn_total_lines: int


@dataclass(frozen=True)
class DesignCosts:
    """One design, seen from a hub and a spoke, and the cost of adding a spoke."""

    design: str  # "dmvpn" | "static" | "full-mesh"
    name: str
    hub_lines: int  # spoke-related lines on the (first) hub
    hub_total_lines: int
    spoke_lines: int  # spoke-related lines on a spoke (the first spoke)
    spoke_total_lines: int
    tunnels_per_spoke: int  # tunnels configured on a spoke
    add_devices_changed: int  # devices whose config changes when a spoke is added
    add_hub_lines_changed: int  # lines added/removed on each hub it uses
    add_other_spoke_lines_changed: int  # lines added/removed on each other spoke
    add_other_spokes_changed: int  # how many other spokes change


@dataclass(frozen=True)
class ChartPoint:
    """Spoke-related lines on a hub and on a spoke, per design, for ``spokes`` spokes."""

    spokes: int
    dmvpn_hub: int
    static_hub: int
    mesh_hub: int
    dmvpn_spoke: int
    static_spoke: int
    mesh_spoke: int


@dataclass(frozen=True)
class Savings:
    """The whole report."""

    inventory: str
    what_if_spokes: int | None
    counting_rule: str
    hubs: tuple[HubSavings, ...]
    designs: tuple[DesignCosts, ...]
    chart: tuple[ChartPoint, ...]
    counted: dict[str, tuple[str, ...]]  # sample of the counted lines, secrets masked
    deck_differences: tuple[str, ...]
    notes: tuple[str, ...] = ()
    deck: dict[str, int] = field(default_factory=lambda: dict(DECK))

    @property
    def baseline_lines(self) -> int:
        """Spoke-related baseline lines over every hub."""
        return sum(h.baseline_lines for h in self.hubs)

    @property
    def dmvpn_lines(self) -> int:
        """Spoke-related DMVPN lines over every hub."""
        return sum(h.dmvpn_lines for h in self.hubs)

    @property
    def ratio(self) -> float:
        """How many times smaller the DMVPN hubs' spoke-related part is."""
        return round(self.baseline_lines / self.dmvpn_lines, 2) if self.dmvpn_lines else 0.0

    def to_dict(self) -> dict[str, Any]:
        """The canonical JSON object."""
        return {
            "inventory": self.inventory,
            "what_if_spokes": self.what_if_spokes,
            "counting_rule": self.counting_rule,
            "hubs": [asdict(h) for h in self.hubs],
            "totals": {
                "baseline_lines": self.baseline_lines,
                "dmvpn_lines": self.dmvpn_lines,
                "saved_lines": self.baseline_lines - self.dmvpn_lines,
            },
            "ratio": self.ratio,
            "designs": [asdict(d) for d in self.designs],
            "deck": self.deck,
            "deck_differences": list(self.deck_differences),
            "counted_lines": {k: list(v) for k, v in self.counted.items()},
            "chart": [asdict(p) for p in self.chart],
            "notes": list(self.notes),
        }
