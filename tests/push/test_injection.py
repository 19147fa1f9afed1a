"""No inventory value and no secret can add a line to what push sends (IOS token checks)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from dmvpnprov.cli import main
from dmvpnprov.core.errors import InputProblems
from tests.support.lab import ExampleLab
from tests.support.paths import EXAMPLE_INVENTORY as EXAMPLE
from tests.support.push import Pusher

Edit = Callable[[dict[str, Any]], None]


def _inventory(tmp_path: Path, file: str, edit: Edit) -> Path:
    folder = tmp_path / "inv"
    shutil.copytree(EXAMPLE, folder)
    path = folder / file
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return folder


def _deck(data: dict[str, Any]) -> dict[str, Any]:
    profile: dict[str, Any] = data["data"]["crypto_profiles"]["deck"]
    return profile


INJECTIONS: dict[str, tuple[str, Edit, str]] = {
    "psk_peer": (
        "defaults.yaml",
        lambda d: _deck(d).update(psk_peer="0.0.0.0\nusername evil privilege 15 secret x"),
        "data.crypto_profiles.deck.psk_peer",
    ),
    "psk_peer_mask": (
        "defaults.yaml",
        lambda d: _deck(d).update(psk_peer_mask="255.0.0.0\ninterface Tunnel0\n shut"),
        "data.crypto_profiles.deck.psk_peer_mask",
    ),
    "transforms": (
        "defaults.yaml",
        lambda d: _deck(d)["transform_set"].update(transforms=["esp-des\nusername evil"]),
        "data.crypto_profiles.deck.transform_set.transforms[0]",
    ),
    "hostname": (
        "hosts.yaml",
        lambda d: d["spoke-a"]["data"].update(hostname="spoke a"),
        "data.hostname",
    ),
    "question mark": (
        "defaults.yaml",
        lambda d: _deck(d)["transform_set"].update(name="t?"),
        "data.crypto_profiles.deck.transform_set.name",
    ),
}


@pytest.mark.lab
@pytest.mark.parametrize("case", sorted(INJECTIONS))
def test_an_injecting_value_stops_push_before_any_router_is_read(
    case: str, example_lab: ExampleLab, push: Pusher, tmp_path: Path
) -> None:
    file, edit, field = INJECTIONS[case]
    inventory = _inventory(tmp_path, file, edit)
    before = {n: r.running_config() for n, r in example_lab.routers.items()}
    with pytest.raises(InputProblems) as caught:
        push(example_lab.targets, example_lab.environ, inventory=inventory)
    assert any(p.field == field for p in caught.value.problems), caught.value
    for name, router in example_lab.routers.items():
        assert router.running_config() == before[name]
    assert not (tmp_path / "backups").exists()


@pytest.mark.parametrize(
    ("value", "why"),
    [("cisco47\nusername evil privilege 15", "control character"), ("cis?co", "'?'")],
)
def test_a_secret_value_that_would_inject_is_an_error_naming_the_variable_only(
    example_env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    value: str,
    why: str,
) -> None:
    monkeypatch.setenv("DMVPN_PSK", value)
    assert main(["validate", "-i", str(EXAMPLE)]) == 2
    out = capsys.readouterr()
    text = out.out + out.err
    assert "DMVPN_PSK" in text and why in text
    assert "evil" not in text and "cis?co" not in text


@pytest.mark.parametrize("name", ["spoke/a", "..", "spoke\x00a", "-rf"])
def test_a_host_name_that_cannot_be_a_folder_name_is_refused_at_validate(
    example_env: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    inventory = _inventory(tmp_path, "hosts.yaml", lambda d: d.update({name: d.pop("spoke-c")}))
    assert main(["validate", "-i", str(inventory)]) == 2
    out = capsys.readouterr()
    assert "hosts.yaml" in out.out + out.err
    assert "backup folder" in out.out + out.err
