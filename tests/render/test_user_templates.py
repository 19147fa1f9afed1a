"""``--templates``: a user's copy is used, files it lacks come from the built-in set, and
a broken template is a message naming the file and line, never a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dmvpnprov.core.errors import UserError
from dmvpnprov.core.models import Fleet
from dmvpnprov.core.secrets import SecretStore
from dmvpnprov.render.engine import render_fleet, render_router
from tests.support.cli import Cli
from tests.support.paths import BUILTIN_TEMPLATES, DECK_CASE

BUILTIN = BUILTIN_TEMPLATES


def _copy(tmp_path: Path, nested: bool) -> Path:
    """A copy of templates/ (with ios/ inside) or of templates/ios/; returns --templates."""
    root = tmp_path / "my-templates"
    shutil.copytree(BUILTIN, root / "ios" if nested else root)
    return root


def _folder(root: Path) -> Path:
    return root / "ios" if (root / "ios").is_dir() else root


@pytest.mark.parametrize("nested", [True, False], ids=["templates", "templates-ios"])
def test_a_users_copy_is_used(
    tmp_path: Path, deck_fleet: Fleet, deck_env: dict[str, str], nested: bool
) -> None:
    root = _copy(tmp_path, nested)
    tunnel = _folder(root) / "_tunnel.j2"
    tunnel.write_text(tunnel.read_text().replace(" ip mtu {{", " description DMVPN\n ip mtu {{"))
    mine = render_fleet(deck_fleet, SecretStore(deck_env), templates=root)
    builtin = render_fleet(deck_fleet, SecretStore(deck_env))
    for host in ("hub", "spoke1"):
        assert " description DMVPN\n ip mtu 1416\n" in mine[host]
        assert mine[host].replace(" description DMVPN\n", "") == builtin[host]


def test_files_the_copy_lacks_come_from_the_builtin_set(
    tmp_path: Path, deck_fleet: Fleet, deck_env: dict[str, str]
) -> None:
    root = tmp_path / "only-spoke"
    root.mkdir()
    spoke = (BUILTIN / "spoke.j2").read_text()
    (root / "spoke.j2").write_text(spoke + "! managed by dmvpnprov\n")
    secrets = SecretStore(deck_env)
    assert render_router(deck_fleet, "spoke1", secrets, root).endswith(
        "!\n! managed by dmvpnprov\n"
    )
    assert render_router(deck_fleet, "hub", secrets, root) == render_router(
        deck_fleet, "hub", secrets
    )


def test_a_folder_without_templates_is_refused(tmp_path: Path, deck_fleet: Fleet) -> None:
    with pytest.raises(UserError, match=r"--templates .*no \*\.j2 templates"):
        render_fleet(deck_fleet, SecretStore({}), templates=tmp_path / "nowhere")


@pytest.mark.parametrize(
    "edit",
    [
        ("_tunnel.j2", " bandwidth {{ cloud.bandwidth }}", " bandwidth {{ cloud.bandwidth }"),
        ("_tunnel.j2", "cloud.network_id", "cloud.network_idd"),
        ("spoke.j2", "interfaces(nbma, lans, fvrf, has_feature)", "interface(nbma)"),
        ("_routing_eigrp.j2", '"eigrp_auto_summary_off"', '"eigrp_auto_sumary"'),
    ],
    ids=["syntax", "undefined-attribute", "undefined-name", "unknown-feature"],
)
def test_template_errors_name_the_file_and_line(
    tmp_path: Path, deck_fleet: Fleet, deck_env: dict[str, str], edit: tuple[str, str, str]
) -> None:
    file, old, new = edit
    root = _copy(tmp_path, nested=False)
    path = root / file
    text = path.read_text()
    assert old in text
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, 1))
    with pytest.raises(UserError, match="template error") as caught:
        render_router(deck_fleet, "spoke1", SecretStore(deck_env), root)
    assert f"{path}, line {line}:" in str(caught.value)


def test_cli_template_error_exits_2_without_traceback(
    cli: Cli, tmp_path: Path, deck_env: dict[str, str]
) -> None:
    root = _copy(tmp_path, nested=True)
    hub = root / "ios" / "hub.j2"
    hub.write_text(hub.read_text() + "{% for t in tunnels %}\n")
    result = cli(
        "render", "-i", str(DECK_CASE / "inventory"), "--templates", str(root), env=deck_env
    )
    assert result.returncode == 2
    assert "hub.j2, line" in result.stderr
    assert "Traceback" not in result.stderr
