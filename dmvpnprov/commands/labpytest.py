"""A pytest plugin: the ``dmvpnprov_lab`` fixture, a lab of your inventory per test.

Enable it with ``pytest -p dmvpnprov.commands.labpytest`` or, in your root
``conftest.py``, ``pytest_plugins = ["dmvpnprov.commands.labpytest"]``. The inventory
folder is the ``dmvpnprov_inventory`` ini option (default ``inventory``, relative to
the rootdir) or the ``inventory=`` argument of the ``dmvpnprov_lab`` marker; the
marker's ``faults={host: {field: value}}`` applies faults before the test starts and
``environ={...}`` gives the login variables when the environment lacks them::

    @pytest.mark.dmvpnprov_lab(faults={"hub1": {"write_fails": True}})
    def test_push_reports_nvram_errors(dmvpnprov_lab):
        overlay = dmvpnprov_lab.overlay()
        ...
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from dmvpnprov.commands.labapi import Lab

__all__ = ["dmvpnprov_lab"]


def pytest_addoption(parser: pytest.Parser) -> None:
    """The ``dmvpnprov_inventory`` ini option."""
    parser.addini("dmvpnprov_inventory", "inventory folder of the dmvpnprov_lab fixture")


def pytest_configure(config: pytest.Config) -> None:
    """Register the ``dmvpnprov_lab`` marker."""
    config.addinivalue_line(
        "markers",
        "dmvpnprov_lab(inventory=None, faults=None, environ=None): options of the lab fixture",
    )


@pytest.fixture
def dmvpnprov_lab(request: pytest.FixtureRequest) -> Iterator[Lab]:
    """A fresh lab of the inventory's routers on 127.0.0.1, stopped after the test."""
    marker = request.node.get_closest_marker("dmvpnprov_lab")
    options = dict(marker.kwargs) if marker is not None else {}
    folder = options.get("inventory") or request.config.getini("dmvpnprov_inventory") or "inventory"
    inventory = Path(folder)
    if not inventory.is_absolute():
        inventory = Path(request.config.rootpath) / inventory
    environ = {**os.environ, **options.get("environ", {})}
    with Lab(inventory, environ) as lab:
        for host, faults in (options.get("faults") or {}).items():
            lab.fault(host, **faults)
        yield lab
