"""The lab's process: ``python -m dmvpnprov.commands.lab_daemon INVENTORY LAB_DIR``.

Started detached by ``dmvpnprov lab up``; ``lab down`` checks that a pid's command line
names this module before it signals it.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from dmvpnprov.commands.exitcodes import ExitCode
from dmvpnprov.commands.lab import lab_specs
from dmvpnprov.core.errors import UserError
from dmvpnprov.lab.daemon import run

__all__ = ["main"]

log = logging.getLogger(__name__)


def main(argv: list[str]) -> int:
    """Load the inventory ``argv[0]`` and host its routers, state in ``argv[1]``."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    # a client that hangs up mid-write makes asyncio warn per write; not a lab problem
    logging.getLogger("asyncio").setLevel(logging.ERROR)
    inventory, lab_dir = Path(argv[0]), Path(argv[1])
    try:
        return run(lab_specs(inventory, None), inventory, lab_dir, "--realistic" in argv[2:])
    except UserError as exc:
        log.error("lab: %s", exc)
        return ExitCode.INPUT


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
