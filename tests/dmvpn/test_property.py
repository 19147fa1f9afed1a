"""Property: one changed managed value on one router either keeps a working fleet
working or yields a problem that names that router."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dmvpnprov.commands.model import model_configs, run_model
from dmvpnprov.inventory.load import load_fleet

ENV = {"DMVPN_PSK": "k", "DMVPN_NHRP_AUTH": "a", "DMVPN_PASSWORD": "p", "DMVPN_ENABLE_SECRET": "e"}
CASES = [
    "example_works",
    "ospf_works",
    "bgp_one_hub_works",
    "phase3_eigrp_works",
    "dual_hub_meshed",
]
_NUMBER = re.compile(r"(?<![\d.])(\d+)(?![\d.])")
_ADDRESS = re.compile(r"\d+\.\d+\.\d+\.(\d+)")


def _variants(line: str) -> list[str]:
    """The line removed, its last number changed, its last address changed."""
    out = [""]
    numbers = list(_NUMBER.finditer(line))
    if numbers:
        m = numbers[-1]
        out.append(line[: m.start()] + str(int(m.group(1)) + 1) + line[m.end() :])
    addresses = list(_ADDRESS.finditer(line))
    if addresses:
        m = addresses[-1]
        octet = (int(m.group(1)) + 7) % 250 + 1
        out.append(line[: m.start(1)] + str(octet) + line[m.end(1) :])
    return out


@pytest.mark.parametrize("case", CASES)
def test_one_change_keeps_working_or_names_the_router(case: Path | str) -> None:
    folder = Path(__file__).parent / "golden" / str(case)
    fleet = load_fleet(folder / "inventory", ENV)
    running = folder / "running"
    configs = model_configs(fleet, running if running.is_dir() else None)
    assert not run_model(fleet, configs).problems
    checked = 0
    for router, text in configs.items():
        lines = text.splitlines()
        for i, line in enumerate(lines):
            if not line.strip() or line.strip() == "!" or line.startswith("hostname"):
                continue
            for new in _variants(line):
                changed = "\n".join([*lines[:i], *([new] if new else []), *lines[i + 1 :]])
                problems = run_model(fleet, {**configs, router: changed}).problems
                named = {r for p in problems for r in (*p.routers, *p.others)}
                assert not problems or router in named, (router, line, new, problems[:2])
                checked += 1
    assert checked > 50
