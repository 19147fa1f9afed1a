"""The live check push runs on each router: expectations from the model of the whole fleet.

Every router of the fleet is rendered (not only the ``--limit`` ones: a spoke's
expectations need its hubs' configs), the control-plane model computes what each
router shows when the DMVPN works, and :class:`~dmvpnprov.push.verify_live.LiveVerifier`
checks the pushed routers against that. ``--no-verify`` records on each result that
the check was skipped.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dmvpnprov.core.models import Fleet
from dmvpnprov.core.secrets import SecretStore
from dmvpnprov.dmvpn.network import compute
from dmvpnprov.dmvpn.underlay import fleet_releases, underlay_from_fleet
from dmvpnprov.push.apply import LiveCheck
from dmvpnprov.push.plan import HostPlan
from dmvpnprov.push.results import HostResult
from dmvpnprov.push.verify_live import LiveVerifier, expectations
from dmvpnprov.render.engine import render_fleet

__all__ = ["NOT_VERIFIED", "live_check"]

NOT_VERIFIED = "live verification skipped (--no-verify): the DMVPN was not checked before saving"


def _skipped(conn: Any, plan: HostPlan, result: HostResult) -> None:
    result.live = {"checked": False, "why": "--no-verify"}


def live_check(
    fleet: Fleet, store: SecretStore, templates: Path | None, *, verify: bool, timeout: float
) -> LiveCheck:
    """The check ``ApplyOptions.live_check`` runs after each router's read-back."""
    if not verify:
        return _skipped
    configs = render_fleet(fleet, store, templates)
    network = compute(configs, underlay_from_fleet(fleet), releases=fleet_releases(fleet))
    return LiveVerifier(expectations(network), timeout=timeout)
