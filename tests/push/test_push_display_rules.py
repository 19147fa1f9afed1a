"""push plans as the router prints: lines a release shows in another form (``encr``) or
restates as a default (``mode tunnel``, which 15.x prints even untyped and 12.4 hides)
are not re-sent: a second push has nothing to do.

The lab prints through the same display rules as the audit (core/display): the hub runs
15.2(4)M3 (``encr aes 256``, ``mode tunnel`` shown), the spokes 12.4 (``mode tunnel``
hidden; ``encr`` on 12.4T, ``encryption`` on 12.4 mainline).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from dmvpnprov.push.plan import delta
from tests.support.lab import ExampleLab
from tests.support.paths import EXAMPLE_INVENTORY
from tests.support.push import Pusher

pytestmark = pytest.mark.lab

_DECK = """      isakmp: {priority: 1}
      psk: {env: DMVPN_PSK}
      transform_set: {name: trans2, transforms: [esp-des, esp-md5-hmac]}"""
_SHOWN_DIFFERENTLY = """      isakmp: {priority: 10, encryption: aes 256, hash: md5, group: 5}
      psk: {env: DMVPN_PSK}
      transform_set: {name: trans2, transforms: [esp-aes 256, esp-sha-hmac], mode: tunnel}"""


def _inventory(tmp_path: Path) -> Path:
    folder = tmp_path / "inventory"
    shutil.copytree(EXAMPLE_INVENTORY, folder)
    defaults = folder / "defaults.yaml"
    text = defaults.read_text(encoding="utf-8")
    assert _DECK in text
    defaults.write_text(text.replace(_DECK, _SHOWN_DIFFERENTLY), encoding="utf-8")
    return folder


def test_a_second_push_has_nothing_to_do_whatever_the_release_prints(
    example_lab: ExampleLab, push: Pusher, intended: Any, tmp_path: Path
) -> None:
    inventory = _inventory(tmp_path)
    want = intended(example_lab.environ, inventory)
    first = push(example_lab.targets, example_lab.environ, inventory=inventory, verify=False)
    assert first.applied
    assert all(r.ok for r in first.results.values()), first.results

    hub = example_lab.routers["hub1"].running_config()
    assert " encr aes 256" in hub  # as 15.2 prints what was typed "encryption aes 256"
    # "mode tunnel" restates the default: compared away, never sent; 15.2 prints it
    # anyway, 12.4 hides it, and neither is a reason to push again.
    assert " mode tunnel" in hub
    spokes = [r.running_config() for n, r in example_lab.routers.items() if n != "hub1"]
    assert spokes and all(" mode tunnel" not in s for s in spokes)
    # The text differs from what was rendered: a plain comparison would push again.
    assert delta(hub, want["hub1"], ()) != []

    second = push(example_lab.targets, example_lab.environ, inventory=inventory, verify=False)
    assert not second.applied
    for name, result in second.results.items():
        assert result.ok and result.changed_lines == 0, (name, result.lines)
