"""The YAML reader behind the inventory: strict, fast, never a traceback."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
import yaml

from dmvpnprov.inventory import yamlcache, yamlfiles
from dmvpnprov.inventory.yamlfiles import parse_yaml, read_yaml


def test_duplicates_are_recorded_with_line_and_level() -> None:
    doc = parse_yaml("a: 1\nb:\n  x: 1\n  x: 2\na: 3\n", "hosts.yaml")
    assert doc.data == {"a": 3, "b": {"x": 2}}
    found = {(d.key, d.line, d.top_level) for d in doc.duplicates}
    assert found == {("x", 4, False), ("a", 5, True)}


def test_json_duplicates_are_recorded_too() -> None:
    doc = parse_yaml('{"a": {"x": 1, "x": 2}, "a": {}}', "hosts.yaml")
    assert doc.data == {"a": {}}
    assert {(d.key, d.top_level) for d in doc.duplicates} == {("x", False), ("a", True)}


def test_scalars_follow_yaml_12_booleans_and_keep_other_types() -> None:
    doc = parse_yaml("a: yes\nb: off\nc: true\nd: 42\ne: 1.5\nf: ~\ng: 2024-01-02\n", "f")
    assert doc.data == {
        "a": "yes",
        "b": "off",
        "c": True,
        "d": 42,
        "e": 1.5,
        "f": None,
        "g": datetime.date(2024, 1, 2),
    }


def test_merge_keys_and_aliases() -> None:
    doc = parse_yaml("base: &b {x: 1}\nhost: {<<: *b, y: 2}\nsame: *b\n", "f")
    assert doc.data["host"] == {"x": 1, "y": 2}
    assert doc.data["same"] is doc.data["base"]  # shared, as PyYAML does: no alias bomb


def test_alias_bomb_is_refused_before_anything_walks_it() -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for i, name in enumerate("bcdefghij"):
        prev = "abcdefghij"[i]
        lines.append(f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]")
    doc = parse_yaml("\n".join(lines) + "\n", "f")
    assert doc.problem is not None and "alias bomb" in doc.problem.message
    small = parse_yaml("\n".join(lines[:4]) + "\n", "f")  # shared aliases stay shared
    assert small.problem is None and small.data["d"][0] is small.data["c"]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("a: [1\n", "YAML syntax: line"),
        ("a: !!python/object:os.system x\n", "could not determine a constructor"),
        ("[a, b]: 1\n", "unusable key"),
        ("a: b: c\n", "YAML syntax"),
    ],
)
def test_bad_yaml_is_a_problem(text: str, words: str) -> None:
    doc = parse_yaml(text, "hosts.yaml")
    assert doc.data is None
    assert doc.problem is not None
    assert doc.problem.file == "hosts.yaml"
    assert words in doc.problem.message


def test_empty_file_is_none() -> None:
    assert parse_yaml("# only a comment\n", "f").data is None


def _cache_files(root: Path) -> list[Path]:
    return sorted((root / "dmvpnprov" / "yaml").glob("*.marshal"))


def test_large_yaml_is_cached_by_content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(yamlcache, "MIN_BYTES", 0)
    hosts = tmp_path / "hosts.yaml"
    hosts.write_text("a: 1\na: 2\nb: [x, {c: yes}]\n")
    first = read_yaml(hosts, required=True)
    assert len(_cache_files(tmp_path / "cache")) == 1
    again = read_yaml(hosts, required=True)
    assert (again.data, again.duplicates) == (first.data, first.duplicates)
    hosts.write_text("a: 3\n")  # any edit is a miss
    assert read_yaml(hosts, required=True).data == {"a": 3}
    assert len(_cache_files(tmp_path / "cache")) == 2


def test_cache_off_small_files_and_timestamps(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    hosts = tmp_path / "hosts.yaml"
    hosts.write_text("a: 1\n")
    read_yaml(hosts, required=True)  # below MIN_BYTES
    monkeypatch.setattr(yamlcache, "MIN_BYTES", 0)
    hosts.write_text("when: 2024-01-02\n")  # marshal cannot hold a date: not cached
    assert read_yaml(hosts, required=True).data == {"when": datetime.date(2024, 1, 2)}
    monkeypatch.setenv("DMVPNPROV_YAML_CACHE", "0")
    hosts.write_text("a: 2\n")
    read_yaml(hosts, required=True)
    assert _cache_files(tmp_path / "cache") == []


def test_corrupt_cache_entry_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(yamlcache, "MIN_BYTES", 0)
    hosts = tmp_path / "hosts.yaml"
    hosts.write_text("a: 1\n")
    read_yaml(hosts, required=True)
    _cache_files(tmp_path / "cache")[0].write_bytes(b"\x00garbage")
    assert read_yaml(hosts, required=True).data == {"a": 1}


def test_a_large_file_without_aliases_is_no_bomb(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlfiles, "MAX_EXPANDED", 50)  # a 100,000-host file, scaled down
    hosts = "".join(f"h{i}: {{data: {{a: 1, b: [x, y]}}}}\n" for i in range(40))
    doc = parse_yaml(hosts, "hosts.yaml")  # 40 hosts, ~300 values, no alias
    assert doc.problem is None and len(doc.data) == 40
    shared = "base: &b {x: 1, y: [1, 2]}\n" + "".join(f"h{i}: *b\n" for i in range(20))
    doc = parse_yaml(shared, "hosts.yaml")  # 20 references of 5 values each: 100 added
    assert doc.problem is not None and "alias bomb" in doc.problem.message


_TYPED = (
    "a: 1\nb: '1'\nc: \"true\"\nd: true\ne: 0x1F\nf: 1_000\ng: .inf\nh: null\ni: ''\nj:\n"
    "k: 2024-01-02\nl: 10.0.0.1\nm: 10.0.0.1/24\nn: '~'\no: 017\np: +5\nq: -0.5e3\n"
)


def test_each_scalar_resolves_as_pyyaml_resolves_it_repeated_or_not() -> None:
    # The same values twice in one document (the second time from the per-document
    # memo), then against PyYAML's own safe loader with the YAML 1.2 booleans.
    text = _TYPED + "".join(f"r{line}" for line in _TYPED.splitlines(keepends=True))
    got = parse_yaml(text, "f").data

    class Reference(yaml.SafeLoader):
        pass

    Reference.yaml_implicit_resolvers = yamlfiles._Resolver.yaml_implicit_resolvers
    want = yaml.load(text, Loader=Reference)  # noqa: S506 - a safe loader's subclass
    assert got == want
    assert [type(v) for v in got.values()] == [type(v) for v in want.values()]
    assert got["b"] == "1" and got["rb"] == "1" and got["c"] == "true" and got["d"] is True


def test_a_long_integer_is_refused_without_anchors_too() -> None:
    for text in ("a: " + "9" * 25 + "\n", "a: &x 1\nb: " + "9" * 25 + "\n"):
        doc = parse_yaml(text, "hosts.yaml")
        assert doc.problem is not None and "25 digits" in doc.problem.message
