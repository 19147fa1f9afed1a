"""The "works" verdict's input sent by the audit's workers as shapes and addresses: the
texts come back exactly, and the verdict is the one the texts read from files give."""

from __future__ import annotations

from pathlib import Path

import pytest

from dmvpnprov.audit import pipeline
from dmvpnprov.audit.modeltext import Encoded, ModelTexts, encode
from dmvpnprov.audit.sources import read_saved
from dmvpnprov.audit.works import RULE, works_findings
from dmvpnprov.commands.audit import audit_run
from dmvpnprov.dmvpn.prepare import read_all
from dmvpnprov.inventory.load import load_fleet
from dmvpnprov.inventory.shards import parse_shard
from tests.support.scale_fleet import ENV, make_fleet

Encodings = tuple[dict[str, Encoded], list[str]]

SPOKE = (
    "hostname s1\ninterface Tunnel0\n ip address 10.0.0.10 255.255.255.0\n ip nhrp nhs 10.0.0.1\n"
)


@pytest.fixture(scope="module")
def fleet30(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return make_fleet(tmp_path_factory.mktemp("fleet30"), 30)


@pytest.mark.parametrize(
    "text",
    [
        SPOKE,
        SPOKE.rstrip("\n"),
        "hostname s1\n" + SPOKE,  # two hostname lines
        SPOKE + "banner motd ^C <0> ^C\n",  # a literal placeholder: sent whole
        SPOKE.replace("\n", "\r\n"),  # CRLF: sent whole
        "\n" + SPOKE + "\n\n",
        "interface Tunnel0\n ip address 10.0.0.10 255.255.255.0\n",  # a hub: sent whole
    ],
)
def test_every_text_comes_back_exactly(text: str) -> None:
    shapes: dict[str, int] = {}
    encoded = encode(text, shapes)
    assert ModelTexts(["r"], {"r": encoded}, list(shapes))["r"] == text


def _encoded(fleet30: tuple[Path, Path]) -> tuple[list[str], dict[str, str], Encodings]:
    """The fleet's router names, its saved texts, and their encodings with the shapes."""
    inventory, running = fleet30
    fleet = load_fleet(inventory, ENV)
    saved = read_saved(running, fleet.routers)
    texts = {n: t for n, t in saved.items() if isinstance(t, str)}
    assert len(texts) == len(saved)
    shapes: dict[str, int] = {}
    encoded = {n: encode(t, shapes) for n, t in texts.items()}
    return [r.name for r in fleet.routers], texts, (encoded, list(shapes))


def test_spokes_alike_share_one_shape(fleet30: tuple[Path, Path]) -> None:
    names, texts, (encoded, shapes) = _encoded(fleet30)
    spokes = [e for n, e in encoded.items() if n.startswith("spoke")]
    assert all(not isinstance(e, str) for e in spokes)
    assert len(shapes) <= 5  # 30 spokes: the plain, the drifted, spoke0003, spoke0005...
    rebuilt = ModelTexts(names, encoded, shapes)
    assert dict(rebuilt) == texts


class _Counting(ModelTexts):
    """ModelTexts that counts the texts the model reads."""

    read: list[str]

    def __getitem__(self, name: str) -> str:
        self.read.append(name)
        return super().__getitem__(name)


def test_the_model_reads_a_spokes_text_once_per_shape(fleet30: tuple[Path, Path]) -> None:
    names, plain, (encoded, shapes) = _encoded(fleet30)
    model = _Counting(names, encoded, shapes)
    model.read = []
    parsed, spoke_shapes = read_all(model)
    want_parsed, want_shapes = read_all(plain)
    assert spoke_shapes == want_shapes
    assert parsed == want_parsed  # dataclasses compare by value
    whole = [n for n, e in encoded.items() if isinstance(e, str)]  # hubs: sent whole
    assert len(model.read) == len(whole) + len(shapes) < len(plain)


@pytest.mark.parametrize("shard", [None, "2/3"])
def test_workers_verdict_equals_the_files_verdict(
    fleet30: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, shard: str | None
) -> None:
    inventory, running = fleet30
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_HOSTS", 5)
    monkeypatch.setenv("DMVPNPROV_AUDIT_WORKERS", "2")
    part = parse_shard(shard) if shard else None
    got = audit_run(inventory, running=running, shard=part, environ=ENV).report
    fleet = load_fleet(inventory, ENV)
    expected = works_findings(fleet, read_saved(running, fleet.routers))
    assert expected  # spoke0005 holds spoke0006's tunnel address: the cloud does not work
    for host in got.hosts:
        found = [f.message for f in host.findings if f.rule == RULE]
        assert found == [f.message for f in expected.get(host.host, [])]
    if shard is None:
        assert {h.host for h in got.hosts if any(f.rule == RULE for f in h.findings)} == set(
            expected
        )


def test_an_unread_router_gives_no_verdict_in_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inventory, running = make_fleet(tmp_path, 20)
    (running / "spoke0011.cfg").unlink()  # not in shard 1/2: read only for the verdict
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_HOSTS", 5)
    monkeypatch.setenv("DMVPNPROV_AUDIT_WORKERS", "2")
    report = audit_run(inventory, running=running, shard=parse_shard("1/2"), environ=ENV).report
    assert "spoke0011" not in {h.host for h in report.hosts}
    assert not any(f.rule == RULE for h in report.hosts for f in h.findings)
