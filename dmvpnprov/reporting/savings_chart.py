"""The savings chart, drawn with matplotlib (Agg backend, no display needed).

Two panels on log-log axes, 1 to 1,000 spokes: spoke-related configuration lines on the
hub, and on each spoke, for DMVPN, static hub-and-spoke and full mesh. In a full mesh the
hub carries the same per-spoke blocks as the static hub, so those two hub lines coincide
(drawn dashed over solid). The deck's 300-spoke point and the user's own fleet size
(a dotted line) are marked.
"""

from __future__ import annotations

import io

import matplotlib as mpl

mpl.use("Agg")  # before pyplot: never a display, never a GUI backend

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from dmvpnprov.savings.model import Savings

__all__ = ["chart_png", "chart_svg", "figure", "fleet_spokes"]

_COLOURS = {"dmvpn": "#1b7837", "static": "#b2182b", "mesh": "#2166ac"}


def _thousands(value: float, _pos: int) -> str:
    return f"{value:,.0f}" if value >= 1 else f"{value:g}"


def _panel(ax: Axes, spokes: list[int], series: list[tuple[str, str, list[int], str]]) -> None:
    for label, colour, values, style in series:
        ax.plot(spokes, values, style, color=colour, label=label, linewidth=2.2)
    ends = sorted({values[-1] for _, _, values, _ in series})
    for i, value in enumerate(ends):  # the value at 1,000 spokes, once per distinct height
        colour = next(c for _, c, values, _ in series if values[-1] == value)
        crowded = i + 1 < len(ends) and ends[i + 1] < value * 1.6  # a close one above: go below
        ax.annotate(f"{value:,}", (spokes[-1], value), xytext=(-4, -13 if crowded else 5),
                    textcoords="offset points", ha="right", fontsize=9, color=colour,
                    fontweight="bold")  # fmt: skip
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(1, 1000)
    ax.xaxis.set_major_formatter(FuncFormatter(_thousands))
    ax.yaxis.set_major_formatter(FuncFormatter(_thousands))
    ax.grid(True, which="major", color="#dddddd")
    ax.grid(True, which="minor", color="#f3f3f3")
    ax.set_xlabel("spokes")
    ax.legend(loc="upper left", frameon=False)


def figure(s: Savings) -> Figure:
    """The two-panel figure (caller closes it)."""
    spokes = [p.spokes for p in s.chart]
    fig, (hub_ax, spoke_ax) = plt.subplots(1, 2, figsize=(11, 4.6), constrained_layout=True)
    _panel(hub_ax, spokes, [
        ("static hub-and-spoke", _COLOURS["static"], [p.static_hub for p in s.chart], "-"),
        ("full mesh (hub = static hub)", _COLOURS["mesh"], [p.mesh_hub for p in s.chart], "--"),
        ("DMVPN", _COLOURS["dmvpn"], [p.dmvpn_hub for p in s.chart], "-"),
    ])  # fmt: skip
    hub_ax.set_title("Lines on the hub (spoke-related)")
    hub_ax.set_ylabel("configuration lines")
    deck = s.deck
    hub_ax.plot([deck["spokes"]] * 2, [deck["baseline_lines"], deck["dmvpn_lines"]], "o",
                color="#444444", markersize=6, label="the deck, 300 spokes")  # fmt: skip
    hub_ax.annotate(f"deck: {deck['baseline_lines']:,}", (deck["spokes"], deck["baseline_lines"]),
                    xytext=(8, -14), textcoords="offset points", fontsize=9)  # fmt: skip
    hub_ax.annotate(f"deck: {deck['dmvpn_lines']}", (deck["spokes"], deck["dmvpn_lines"]),
                    xytext=(-10, 10), textcoords="offset points", fontsize=9)  # fmt: skip
    hub_ax.legend(loc="upper left", frameon=False)
    _panel(spoke_ax, spokes, [
        ("full mesh", _COLOURS["mesh"], [p.mesh_spoke for p in s.chart], "-"),
        ("static hub-and-spoke", _COLOURS["static"], [p.static_spoke for p in s.chart], "-"),
        ("DMVPN", _COLOURS["dmvpn"], [p.dmvpn_spoke for p in s.chart], "--"),
    ])  # fmt: skip
    spoke_ax.set_title("Lines on each spoke (spoke-related)")
    fig.suptitle("Spoke-related configuration lines, 1 to 1,000 spokes (log-log)",
                 fontsize=12)  # fmt: skip
    top = max(max(p.static_hub, p.mesh_spoke) for p in s.chart)
    fleet = fleet_spokes(s)
    for ax in (hub_ax, spoke_ax):
        ax.set_ylim(5, top * 2)
        if fleet:  # the user's own fleet size, on both panels
            ax.axvline(fleet, color="#7b3294", linestyle=":", linewidth=1.6,
                       label=f"your fleet: {fleet:,} spokes")  # fmt: skip
            ax.set_xlim(1, max(1000, fleet * 1.2))
            ax.legend(loc="upper left", frameon=False)
    return fig


def fleet_spokes(s: Savings) -> int:
    """The spokes of the fleet reported on (the what-if size, else the largest hub's)."""
    if s.what_if_spokes:
        return s.what_if_spokes
    return max((h.spokes for h in s.hubs), default=0)


def chart_svg(s: Savings) -> str:
    """The chart as an inline ``<svg>`` element (deterministic ids, no date)."""
    fig = figure(s)
    buffer = io.StringIO()
    with mpl.rc_context({"svg.hashsalt": "dmvpnprov", "svg.fonttype": "none"}):
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    plt.close(fig)
    text = buffer.getvalue()
    return text[text.index("<svg") :]


def chart_png(s: Savings, dpi: int = 100) -> bytes:
    """The chart as PNG bytes (to look at it, or embed it)."""
    fig = figure(s)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    plt.close(fig)
    return buffer.getvalue()
