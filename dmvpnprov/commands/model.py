"""Feed the control-plane model: intended (rendered with secret tokens) or saved configs.

Shared by ``verify``, ``trace``, ``validate`` and ``audit``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from ipaddress import IPv4Network
from pathlib import Path

from dmvpnprov.audit.sources import SourceError, read_saved
from dmvpnprov.commands.model_render import render_tokens
from dmvpnprov.core.errors import UserError
from dmvpnprov.core.gcpause import gc_paused
from dmvpnprov.core.models import Fleet
from dmvpnprov.dmvpn.network import Analysis, analyse
from dmvpnprov.dmvpn.underlay import fleet_releases, underlay_from_fleet

__all__ = ["cloud_names", "model_configs", "run_model"]


def model_configs(fleet: Fleet, running: Path | None) -> dict[str, str]:
    """Each router's config: rendered with secret tokens, or read from ``running``."""
    if running is None:
        return render_tokens(fleet)
    saved = read_saved(running, fleet.routers)
    missing = [f"{name}: {text}" for name, text in saved.items() if isinstance(text, SourceError)]
    if missing:
        raise UserError("--running: " + "; ".join(missing))
    return {name: text for name, text in saved.items() if isinstance(text, str)}


def cloud_names(fleet: Fleet) -> dict[IPv4Network, str]:
    """Inventory cloud names by tunnel subnet."""
    return {c.tunnel_subnet: name for name, c in fleet.clouds.items()}


def run_model(
    fleet: Fleet,
    configs: Mapping[str, str] | None = None,
    running: Path | None = None,
    include: Sequence[str] = (),
) -> Analysis:
    """The model's analysis of ``fleet`` (configs rendered or read when not given)."""
    texts = dict(configs) if configs is not None else model_configs(fleet, running)
    releases = fleet_releases(fleet)
    with gc_paused():
        underlay = underlay_from_fleet(fleet)
    return analyse(texts, underlay, releases=releases, include=include)
