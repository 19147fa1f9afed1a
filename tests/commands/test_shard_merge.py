"""``--shard K/N`` then ``dmvpnprov merge``: the report of one unsharded run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dmvpnprov.cli import main
from dmvpnprov.inventory.load import load_fleet
from dmvpnprov.inventory.shards import parse_shard, push_shard, shard_routers
from tests.support.scale_fleet import ENV, make_fleet


@pytest.fixture(scope="module")
def fleet(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    folder = tmp_path_factory.mktemp("shards")
    inventory, running = make_fleet(folder, 41)
    return inventory, running, folder


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in ENV.items():
        monkeypatch.setenv(key, value)


def _audit(inventory: Path, running: Path, *extra: str) -> int:
    return main(["audit", "-i", str(inventory), "--running", str(running), *extra])


def test_shards_cover_the_fleet_once(fleet: tuple[Path, Path, Path]) -> None:
    routers = load_fleet(fleet[0], ENV).routers
    parts = [shard_routers(routers, parse_shard(f"{k}/4")) for k in range(1, 5)]
    names = [r.name for part in parts for r in part]
    assert sorted(names) == sorted(r.name for r in routers)
    assert max(map(len, parts)) - min(map(len, parts)) <= 1
    assert parts[0] == shard_routers(routers, parse_shard("1/4"))  # deterministic
    hubs = push_shard(routers, parse_shard("0/4", hubs_stage=True))
    assert hubs and all(r.is_hub for r in hubs)
    spokes = [r for k in range(1, 5) for r in push_shard(routers, parse_shard(f"{k}/4"))]
    assert not any(r.is_hub for r in spokes) and len(spokes) == len(routers) - len(hubs)


@pytest.mark.parametrize("fmt", ["json", "markdown"])
def test_merged_shards_equal_one_run(fleet: tuple[Path, Path, Path], fmt: str) -> None:
    inventory, running, folder = fleet
    out = folder / fmt
    out.mkdir()
    assert _audit(inventory, running, "--format", fmt, "-o", str(out / "full")) == 1
    shards = []
    for k in range(1, 5):
        path = out / f"shard{k}.json"
        _audit(inventory, running, "--shard", f"{k}/4", "--format", "json", "-o", str(path))
        shards.append(str(path))
    assert main(["merge", *shards, "--format", fmt, "-o", str(out / "merged")]) == 1
    full, merged = (out / "full").read_text(), (out / "merged").read_text()
    assert merged == full
    if fmt == "json":
        # The duplicate address (spoke0005 holds spoke0006's) spans two shards: no shard
        # sees it, the merged report does.
        hosts = {h["host"]: h for h in json.loads(merged)["hosts"]}
        assert any(f.get("rule") == "CLOUD-006" for f in hosts["spoke0005"]["findings"])
        for shard in shards:
            text = Path(shard).read_text()
            found = [f for h in json.loads(text)["hosts"] for f in h["findings"]]
            assert not any(f.get("rule") == "CLOUD-006" for f in found)
            for secret in ENV.values():
                assert secret not in text


def test_merge_refuses_an_incomplete_set(
    fleet: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    inventory, running, folder = fleet
    one = folder / "only1.json"
    _audit(inventory, running, "--shard", "1/3", "--format", "json", "-o", str(one))
    assert main(["merge", str(one), "--format", "json"]) == 2
    assert "missing shard report(s): 2/3, 3/3" in capsys.readouterr().err
    plain = folder / "plain.json"
    _audit(inventory, running, "--format", "json", "-o", str(plain))
    assert main(["merge", str(plain)]) == 2
    assert "not a shard report" in capsys.readouterr().err


def test_bad_shard_spec_is_an_input_error(
    fleet: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    inventory, running, _ = fleet
    assert _audit(inventory, running, "--shard", "5/4") == 2
    assert "--shard 5/4" in capsys.readouterr().err


def test_push_and_render_take_a_shard(
    fleet: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    inventory, _, folder = fleet
    assert main(["push", "-i", str(inventory), "--dry-run", "--shard", "1/x"]) == 2
    assert "--shard 1/x: expected K/N" in capsys.readouterr().err
    out = folder / "configs-shard2"
    assert main(["render", "-i", str(inventory), "-o", str(out), "--shard", "2/4"]) == 0
    routers = load_fleet(inventory, ENV).routers
    wanted = {f"{r.name}.cfg" for r in shard_routers(routers, parse_shard("2/4"))}
    assert {p.name for p in out.glob("*.cfg")} == wanted
