"""audit.shardfacts.merge reads shard reports one at a time: a report is let go before
the next is read, and the merged report is the one every report read at once gives."""

from __future__ import annotations

import gc
import json
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dmvpnprov.audit.rules import RULES
from dmvpnprov.audit.shardfacts import merge
from dmvpnprov.cli import main
from dmvpnprov.core.errors import UserError
from tests.support.scale_fleet import ENV, make_fleet


class _Doc(dict[str, Any]):
    """A parsed report that can be watched with a weak reference."""


@pytest.fixture(scope="module")
def shards(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("stream")
    inventory, running = make_fleet(folder, 17)
    paths = []
    with pytest.MonkeyPatch.context() as patch:
        for key, value in ENV.items():
            patch.setenv(key, value)
        for k in range(1, 4):
            path = folder / f"shard{k}.json"
            args = ["--running", str(running), "--shard", f"{k}/3", "--format", "json"]
            main(["audit", "-i", str(inventory), *args, "-o", str(path)])
            paths.append(path)
    return paths


def test_each_report_is_let_go_before_the_next_is_read(shards: list[Path]) -> None:
    held: list[weakref.ref[_Doc]] = []
    alive_when_read: list[int] = []

    def docs() -> Iterator[_Doc]:
        for path in shards:
            gc.collect()
            alive_when_read.append(sum(ref() is not None for ref in held))
            doc = _Doc(json.loads(path.read_text()))
            held.append(weakref.ref(doc))
            yield doc
            del doc

    streamed = merge(docs(), [str(p) for p in shards])
    assert alive_when_read == [0, 0, 0]
    at_once = merge([json.loads(p.read_text()) for p in shards], [str(p) for p in shards])
    assert streamed.model_dump() == at_once.model_dump()
    assert len(streamed.hosts) == 19  # 2 hubs + 17 spokes, each once


def test_a_missing_shard_is_named_after_every_report_was_read(shards: list[Path]) -> None:
    docs = [json.loads(p.read_text()) for p in shards[:2]]
    with pytest.raises(UserError, match=r"missing shard report\(s\): 3/3"):
        merge(iter(docs), [str(p) for p in shards[:2]])


def test_equal_findings_of_many_routers_are_one_object(shards: list[Path]) -> None:
    merged = merge([json.loads(p.read_text()) for p in shards], [str(p) for p in shards])
    cloud = {r.id for r in RULES.values() if r.cloud_check is not None}  # judged anew
    by_value: dict[object, set[int]] = {}
    routers: dict[object, int] = {}
    for host in merged.hosts:
        for finding in host.findings:
            if finding.rule not in cloud:
                by_value.setdefault(finding, set()).add(id(finding))
                routers[finding] = routers.get(finding, 0) + 1
    assert by_value and all(len(ids) == 1 for ids in by_value.values())
    assert max(routers.values()) > 1  # a finding on several routers, held once
