"""Every format is produced from the same measurements and parses."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from dmvpnprov.core.errors import UserError
from dmvpnprov.core.models import Fleet
from dmvpnprov.core.secrets import mask_config
from dmvpnprov.reporting.savings import render, write_savings
from dmvpnprov.savings.model import Savings
from dmvpnprov.savings.report import build_savings

HUB_KEYS = {"host", "spokes", "baseline_lines", "dmvpn_lines", "saved_lines", "ratio"}
DESIGN_KEYS = {
    "design", "hub_lines", "spoke_lines", "tunnels_per_spoke", "add_devices_changed",
    "add_hub_lines_changed", "add_other_spoke_lines_changed", "add_other_spokes_changed",
}  # fmt: skip


@pytest.fixture(scope="module")
def savings(example: Fleet) -> Savings:
    return build_savings(example, 300, inventory="inventory")


@pytest.fixture(scope="module")
def deck_savings(deck: Fleet) -> Savings:
    return build_savings(deck, 300, inventory="deck")


def test_json_has_the_design_keys(savings: Savings) -> None:
    doc = json.loads(render(savings, "json"))
    assert set(doc["hubs"][0]) >= HUB_KEYS
    assert [d["design"] for d in doc["designs"]] == ["dmvpn", "static", "full-mesh"]
    assert all(set(d) >= DESIGN_KEYS for d in doc["designs"])
    assert {"counting_rule", "ratio", "deck", "deck_differences", "chart"} <= set(doc)
    hub = doc["hubs"][0]
    assert hub["saved_lines"] == hub["baseline_lines"] - hub["dmvpn_lines"]
    assert hub["spokes"] == 300


def test_deck_network_reproduces_the_deck_table(deck_savings: Savings) -> None:
    hub = deck_savings.hubs[0]
    d = deck_savings.deck
    assert (hub.lines_per_spoke, hub.baseline_lines, hub.dmvpn_lines, hub.saved_lines) == (
        d["lines_per_spoke"], d["baseline_lines"], d["dmvpn_lines"], d["saved_lines"])  # fmt: skip
    assert deck_savings.deck_differences == ()


def test_example_differences_are_explained(savings: Savings) -> None:
    hub = savings.hubs[0]
    assert hub.baseline_lines == 300 * hub.lines_per_spoke
    assert savings.deck_differences
    assert all("ip tcp adjust-mss" in d for d in savings.deck_differences)


def test_designs_cost_of_adding_a_spoke(savings: Savings) -> None:
    dmvpn, static, mesh = savings.designs
    assert (dmvpn.add_devices_changed, dmvpn.add_hub_lines_changed) == (1, 0)
    assert dmvpn.add_other_spoke_lines_changed == 0
    assert static.add_devices_changed == 2
    assert static.add_hub_lines_changed == savings.hubs[0].lines_per_spoke
    assert mesh.add_devices_changed == 1 + 1 + 300
    assert mesh.add_other_spokes_changed == 300
    assert mesh.tunnels_per_spoke == 300  # 299 other spokes and the hub


def _md_tables(text: str) -> list[list[str]]:
    tables: list[list[str]] = []
    current: list[str] = []
    for line in [*text.splitlines(), ""]:
        if line.startswith("|"):
            current.append(line)
        elif current:
            tables.append(current)
            current = []
    return tables


def test_markdown_tables_are_well_formed(savings: Savings) -> None:
    tables = _md_tables(render(savings, "markdown"))
    assert len(tables) == 2
    for table in tables:
        widths = {len(re.split(r"(?<!\\)\|", row)) for row in table}
        assert len(widths) == 1, table
        assert re.fullmatch(r"\|( --- \|)+", table[1])
        assert len(table) >= 3


def test_html_is_one_page_with_chart_and_tables(savings: Savings) -> None:
    page = render(savings, "html")
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert "<svg" in page and page.count("<table>") == 2
    assert "3,900" in page  # the deck's figure, beside ours
    assert not re.search(r"""(src|href)=["']https?:""", page)  # self-contained


def test_table_shows_both_figures(deck_savings: Savings) -> None:
    text = render(deck_savings, "table")
    assert "13 lines per spoke = 3,900 vs 16 lines, savings 3,884" in text


def test_html_written_to_reports_by_default(savings: Savings, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    monkeypatch.chdir(tmp_path)
    written = write_savings(savings, "html", None)
    assert written == Path("reports/savings.html")
    assert "<svg" in (tmp_path / "reports" / "savings.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("s.json", "json"), ("s.md", "markdown"), ("s.MARKDOWN", "markdown"), ("s.txt", "table")],
)
def test_suffix_chooses_the_format(savings: Savings, tmp_path: Path, name: str, fmt: str) -> None:
    written = write_savings(savings, None, tmp_path / name)
    assert written == tmp_path / name
    assert written.read_text(encoding="utf-8") == mask_config(render(savings, fmt))


def test_html_suffix_writes_the_page(savings: Savings, tmp_path: Path) -> None:
    written = write_savings(savings, None, tmp_path / "s.htm")
    assert written is not None
    page = written.read_text(encoding="utf-8")
    assert page.lstrip().lower().startswith("<!doctype html>")
    assert "<svg" in page


def test_format_wins_over_the_suffix(savings: Savings, tmp_path: Path) -> None:
    written = write_savings(savings, "json", tmp_path / "s.md")
    assert written is not None
    assert json.loads(written.read_text(encoding="utf-8")) == json.loads(render(savings, "json"))


def test_unwritable_output_is_a_user_error(savings: Savings, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(UserError, match="cannot write"):
        write_savings(savings, "json", blocker / "savings.json")


def test_the_chart_marks_the_users_fleet_size(savings: Savings, example: Fleet) -> None:
    from dmvpnprov.reporting.savings_chart import figure, fleet_spokes  # noqa: PLC0415

    own = build_savings(example, None, inventory="inventory")
    assert fleet_spokes(own) == max(h.spokes for h in own.hubs) == len(example.spokes)
    assert fleet_spokes(savings) == 300  # the what-if size when one is asked for
    fig = figure(savings)
    try:
        for ax in fig.axes:
            marks = [line for line in ax.get_lines() if "your fleet" in str(line.get_label())]
            assert len(marks) == 1
            xdata: Any = marks[0].get_xdata()
            assert [float(x) for x in xdata] == [300.0, 300.0]
            box = ax.get_legend()
            assert box is not None
            legend = [t.get_text() for t in box.get_texts()]
            assert "your fleet: 300 spokes" in legend
    finally:
        fig.clf()
