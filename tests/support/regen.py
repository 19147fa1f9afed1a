"""Rewrite the render golden cases' expected configs from the current templates.

A separate command, never part of a test run: the tests only compare.

    python -m tests.support.regen            # every case under tests/golden/render/
    python -m tests.support.regen deck bgp_ikev2

Review ``git diff tests/golden`` before committing what it wrote.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from dmvpnprov.core.secrets import SecretStore
from dmvpnprov.render.engine import render_fleet
from tests.support.render_cases import CASES, case_env, case_fleet


def regenerate(case: Path) -> list[str]:
    """Write ``case/expected/<host>.cfg`` for every host; remove stale files; return changes."""
    configs = render_fleet(case_fleet(case), SecretStore(case_env(case)))
    expected = case / "expected"
    expected.mkdir(exist_ok=True)
    changed = []
    for stale in sorted(expected.glob("*.cfg")):
        if stale.stem not in configs:
            stale.unlink()
            changed.append(f"removed {stale.name}")
    for host, text in sorted(configs.items()):
        path = expected / f"{host}.cfg"
        data = text.encode()
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
            changed.append(f"wrote {path.name}")
    return changed


def main(argv: Sequence[str] | None = None) -> int:
    """Regenerate the named cases (all when none is named); 2 for an unknown name."""
    parser = argparse.ArgumentParser(prog="python -m tests.support.regen", description=__doc__)
    parser.add_argument("cases", nargs="*", help="case folder names (default: all)")
    args = parser.parse_args(argv)
    by_name = {case.name: case for case in CASES}
    unknown = [name for name in args.cases if name not in by_name]
    if unknown:
        sys.stderr.write(f"unknown case(s): {', '.join(unknown)}; known: {', '.join(by_name)}\n")
        return 2
    for name in args.cases or list(by_name):
        for change in regenerate(by_name[name]):
            sys.stdout.write(f"{name}: {change}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
