"""``--lab``: the targets of a running ``dmvpnprov lab`` that push, audit and verify use.

Only the commands layer reads the lab's state; the transport layer takes targets as
plain values (:class:`~dmvpnprov.transport.connections.LabTargetLike`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from dmvpnprov.core.errors import UserError
from dmvpnprov.lab.control import DEFAULT_LAB_DIR, read_targets

if TYPE_CHECKING:  # a type only: Nornir and netmiko load when a router is contacted
    from dmvpnprov.transport.connections import LabTargetLike

__all__ = ["lab_targets"]


def lab_targets(lab: bool, lab_dir: Path | None) -> dict[str, LabTargetLike] | None:
    """The running lab's targets when ``lab`` is set (``None`` otherwise).

    Raises:
        UserError: ``--lab`` was given but no lab is running there.
    """
    if not lab:
        return None
    try:
        targets: dict[str, LabTargetLike] = dict(read_targets(lab_dir))
    except (OSError, ValueError) as exc:
        raise UserError(f"no lab running ({exc}); start one with `dmvpnprov lab up`") from None
    except (KeyError, TypeError, AttributeError) as exc:  # a state file missing a key
        where = lab_dir or DEFAULT_LAB_DIR
        raise UserError(
            f"{where}/state.json: not a lab state file (missing or wrong key {exc}); "
            "restart the lab with `dmvpnprov lab down` and `dmvpnprov lab up`"
        ) from None
    if not targets:
        raise UserError("no lab running; start one with `dmvpnprov lab up`")
    return targets
