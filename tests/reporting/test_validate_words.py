"""``dmvpnprov validate`` counts its problems in words: ``1 problem``, ``2 problems``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from dmvpnprov.cli import main
from tests.support.inventories import ENV, make_inventory


@pytest.mark.parametrize(("bad", "said"), [(1, "1 problem)"), (2, "2 problems)")])
def test_validate_says_how_many_problems_in_words(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    bad: int,
    said: str,
) -> None:
    for key, value in ENV.items():
        monkeypatch.setenv(key, value)

    def mutate(hosts: Any, groups: Any, defaults: Any) -> None:
        hosts["hub1"]["data"]["tunnels"][0]["address"] = "not-an-address"
        if bad == 2:
            hosts["hub1"]["data"]["nbma"]["address"] = "also-not-an-address"

    inventory = make_inventory(tmp_path / "inv", mutate)
    assert main(["validate", "-i", str(inventory)]) == 2
    out = capsys.readouterr().out
    assert said in out
    assert "problem(s)" not in out
