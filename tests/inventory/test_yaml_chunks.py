"""Parallel chunked parsing of a large hosts.yaml gives exactly the whole-file parse."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from dmvpnprov.inventory import yamlchunks, yamlfiles


def _hosts(n: int) -> str:
    return "".join(
        f"# host {i}\nh{i:04d}:\n  hostname: 10.0.{i // 250}.{i % 250}\n  data:\n"
        f"    lans: [{{interface: Gi0/{i % 3}, address: 10.9.0.{i % 250}/24}}]\n"
        f"    text: |\n      line one\n      line two\n    on: yes\n"
        for i in range(n)
    )


@pytest.fixture(autouse=True)
def _small(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlchunks, "MIN_BYTES", 1)


@pytest.mark.parametrize("chunk_bytes", [1 << 20, 2000])  # one chunk a worker; many
def test_chunks_equal_one_parse_with_duplicate_lines(
    chunk_bytes: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(yamlchunks, "CHUNK_BYTES", chunk_bytes)
    text = _hosts(300)
    text = text.replace("h0007:\n  hostname: 10.0.0.7\n", "h0007:\n  hostname: a\n  hostname: b\n")
    text += "h0299:\n  hostname: again\n"  # a top-level duplicate in the last chunk
    whole = yamlfiles.parse_yaml(text, "hosts.yaml")
    got = yamlchunks.parse_chunks(text, yamlfiles._parsed, workers=3)
    if threading.active_count() > 1:  # a lab thread of another test: no fork, the fallback
        assert got is None
        return
    assert got is not None
    assert got[0] == whole.data
    assert got[1] == [(d.key, d.line, d.top_level) for d in whole.duplicates]
    assert ("hostname", 67, False) in got[1]  # line numbers of the whole file


def test_a_duplicate_across_chunks_falls_back() -> None:
    text = _hosts(300) + "h0000:\n  hostname: again\n"
    assert yamlchunks.parse_chunks(text, yamlfiles._parsed, workers=2) is None


@pytest.mark.parametrize(
    "extra", ["x: &a {k: 1}\ny: *a\n", "--- \n", "z: !!str 1\n", "bad: [unclosed\n"]
)
def test_unsafe_or_broken_text_falls_back(extra: str) -> None:
    assert yamlchunks.parse_chunks(_hosts(200) + extra, yamlfiles._parsed, workers=2) is None


def test_read_yaml_reports_the_same_either_way(tmp_path: Path) -> None:
    path = tmp_path / "hosts.yaml"
    path.write_text(_hosts(200) + "h0003:\n  hostname: twice\n")
    chunked = yamlfiles.read_yaml(path, required=True)
    whole = yamlfiles.parse_yaml(path.read_text(), str(path))
    assert chunked.data == whole.data and chunked.duplicates == whole.duplicates
