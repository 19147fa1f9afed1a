"""The YAML reader behind the inventory: strict, fast, never a traceback."""

from __future__ import annotations

import datetime

import pytest

from dmvpnprov.yamlfiles import parse_yaml


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


def test_alias_bomb_stays_small() -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for i, name in enumerate("bcdefghij"):
        prev = "abcdefghij"[i]
        lines.append(f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]")
    doc = parse_yaml("\n".join(lines) + "\n", "f")
    assert doc.problem is None
    assert doc.data["j"][0] is doc.data["i"]


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
