"""The savings report's rows and headline, shared by every format (table, markdown, html)."""

from __future__ import annotations

from dmvpnprov.savings.model import Savings

__all__ = ["DESIGN_HEADERS", "HUB_HEADERS", "deck_line", "design_rows", "hub_rows"]

HUB_HEADERS = ("hub", "spokes", "static lines", "per spoke", "DMVPN lines", "saved", "ratio",
               "static total", "DMVPN total")  # fmt: skip
DESIGN_HEADERS = ("design", "hub lines", "spoke lines", "tunnels per spoke",
                  "+1 spoke: devices changed", "+1 spoke: hub lines changed",
                  "+1 spoke: lines changed per other spoke",
                  "+1 spoke: other spokes changed")  # fmt: skip


def hub_rows(s: Savings) -> list[list[str]]:
    """One row per hub (spoke-related lines, then whole-config totals)."""
    return [
        [h.host, f"{h.spokes:,}", f"{h.baseline_lines:,}", str(h.lines_per_spoke),
         f"{h.dmvpn_lines:,}", f"{h.saved_lines:,}", f"{h.ratio:,}x",
         f"{h.baseline_total_lines:,}", f"{h.dmvpn_total_lines:,}"]
        for h in s.hubs
    ]  # fmt: skip


def design_rows(s: Savings) -> list[list[str]]:
    """One row per design."""
    return [
        [d.name, f"{d.hub_lines:,}", f"{d.spoke_lines:,}", f"{d.tunnels_per_spoke:,}",
         f"{d.add_devices_changed:,}", f"{d.add_hub_lines_changed:,}",
         f"{d.add_other_spoke_lines_changed:,}", f"{d.add_other_spokes_changed:,}"]
        for d in s.designs
    ]  # fmt: skip


def deck_line(s: Savings) -> str:
    """The deck's headline beside ours, in one sentence."""
    d, hub = s.deck, s.hubs[0]
    return (
        f"Deck ({d['spokes']} spokes): {d['lines_per_spoke']} lines per spoke = "
        f"{d['baseline_lines']:,} vs {d['dmvpn_lines']} lines, savings {d['saved_lines']:,}. "
        f"Ours ({hub.host}, {hub.spokes:,} spokes): {hub.lines_per_spoke} lines per spoke = "
        f"{hub.baseline_lines:,} vs {hub.dmvpn_lines} lines, savings {hub.saved_lines:,}."
    )
