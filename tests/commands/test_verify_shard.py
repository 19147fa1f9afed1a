"""``verify --shard K/N`` then ``dmvpnprov merge``: the verdict of one unsharded run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dmvpnprov.cli import main
from tests.support.scale_fleet import ENV, make_fleet

GOLDEN = Path(__file__).parent.parent / "dmvpn" / "golden"


@pytest.fixture(scope="module")
def fleet(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    folder = tmp_path_factory.mktemp("verify-shards")
    inventory, running = make_fleet(folder, 23)
    return inventory, running, folder


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in {**ENV, "DMVPN_ENABLE_SECRET": "e"}.items():
        monkeypatch.setenv(key, value)


def _verify(inventory: Path, running: Path | None, out: Path, *extra: str) -> int:
    args = ["verify", "-i", str(inventory), "-o", str(out), "--format", "json"]
    return main([*args, *(["--running", str(running)] if running else []), *extra])


def _sharded(inventory: Path, running: Path | None, out: Path, n: int, *extra: str) -> list[str]:
    paths = []
    for k in range(1, n + 1):
        path = out / f"verify{k}.json"
        _verify(inventory, running, path, "--shard", f"{k}/{n}", *extra)
        paths.append(str(path))
    return paths


@pytest.mark.parametrize(("n", "extra"), [(3, ()), (4, ("--limit", "spokes")), (2, ())])
def test_merged_verify_shards_equal_one_run(
    fleet: tuple[Path, Path, Path], n: int, extra: tuple[str, ...]
) -> None:
    inventory, running, folder = fleet
    out = folder / f"{n}{'-'.join(extra)}"
    out.mkdir()
    assert _verify(inventory, running, out / "full.json", *extra) == 1
    shards = _sharded(inventory, running, out, n, *extra)
    docs = [json.loads(Path(p).read_text()) for p in shards]
    assert all(d["shard"]["kind"] == "verify" for d in docs)
    assert main(["merge", *shards, "--format", "json", "-o", str(out / "merged.json")]) == 1
    full = json.loads((out / "full.json").read_text())
    assert full["problems"]  # spoke0005 holds spoke0006's tunnel address
    assert (out / "merged.json").read_text() == (out / "full.json").read_text()
    # each problem is in the shards of the routers it names, and only there
    for doc in docs:
        mine = set(doc["shard"]["order"][int(doc["shard"]["shard"].split("/")[0]) - 1 :: n])
        assert all(mine & set(p["routers"]) for p in doc["problems"])
    assert main(["merge", *shards, "--format", "markdown", "-o", str(out / "m.md")]) == 1
    markdown = main(["verify", "-i", str(inventory), "--running", str(running), *extra,
                     "--format", "markdown", "-o", str(out / "full.md")])  # fmt: skip
    assert markdown == 1
    assert (out / "m.md").read_text() == (out / "full.md").read_text()


def test_a_working_fleet_merges_to_works(tmp_path: Path) -> None:
    inv, run = GOLDEN / "bgp_one_hub_works" / "inventory", None  # the intended configs
    assert _verify(inv, run, tmp_path / "full.json") == 0
    shards = _sharded(inv, run, tmp_path, 2)
    assert main(["merge", *shards, "--format", "json", "-o", str(tmp_path / "m.json")]) == 0
    assert (tmp_path / "m.json").read_text() == (tmp_path / "full.json").read_text()


def test_merge_refuses_an_incomplete_or_mixed_set(
    fleet: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    inventory, running, folder = fleet
    out = folder / "bad"
    out.mkdir()
    shards = _sharded(inventory, running, out, 3)
    capsys.readouterr()
    assert main(["merge", *shards[:2]]) == 2
    assert "missing shard report(s): 3/3" in capsys.readouterr().err
    audit = out / "audit1.json"
    main(["audit", "-i", str(inventory), "--running", str(running), "--shard", "1/3",
          "--format", "json", "-o", str(audit)])  # fmt: skip
    capsys.readouterr()
    assert main(["merge", str(audit), *shards[1:]]) == 2
    assert "not a verify shard report" in capsys.readouterr().err


def test_a_live_verify_takes_no_shard(
    fleet: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["verify", "-i", str(fleet[0]), "--live", "--shard", "1/2"]) == 2
    assert "--shard is for saved or intended configs" in capsys.readouterr().err
