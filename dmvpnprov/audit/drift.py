"""Drift per feature: the managed part of a running config against the intended one.

In the manner of netutils' per-feature compliance, a feature is a set of top-level
sections (by pattern); unlike netutils, the comparison and the remediation come from
hier_config 3 through :mod:`dmvpnprov.core.configtree`, which alone defines the managed scope.
Lines outside that scope are never compared.

Results here hold real values (secrets included) so that a remediation can be applied;
:mod:`dmvpnprov.audit.engine` masks them before they reach a report.

Examples:
    >>> from dmvpnprov.core.configtree import parse
    >>> run = parse("interface Tunnel0\\n ip nhrp holdtime 300\\n ip nhrp nhs 10.0.0.9\\n")
    >>> want = parse("interface Tunnel0\\n ip nhrp holdtime 600\\n")
    >>> d = [x for x in feature_drift(run, want) if not x.compliant][0]
    >>> d.feature, d.missing, d.extra
    ('tunnel', ('interface Tunnel0', ' ip nhrp holdtime 600'), ('interface Tunnel0', \
' ip nhrp holdtime 300', ' ip nhrp nhs 10.0.0.9'))
    >>> d.remediation
    ('interface Tunnel0', ' no ip nhrp nhs 10.0.0.9', ' ip nhrp holdtime 600')
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from ipaddress import IPv4Network

from hier_config import HConfig, WorkflowRemediation, get_hconfig
from hier_config.child import HConfigChild

from dmvpnprov.core.configtree import (
    Outline,
    driver,
    managed_paths,
    managed_view,
    unattainable,
    without,
)

__all__ = [
    "FEATURES",
    "FeatureDrift",
    "apply_remediation",
    "feature_drift",
    "feature_of",
    "no_drift",
]

# Feature name -> the top-level lines it covers (matched on the line without "no ").
FEATURES: dict[str, re.Pattern[str]] = {
    "isakmp": re.compile(r"^crypto isakmp "),
    "ipsec": re.compile(r"^crypto (ipsec|ikev2) "),
    "tunnel": re.compile(r"^interface Tunnel\d+$"),
    "addressing": re.compile(r"^interface (?!Tunnel\d+$)"),
    "routing": re.compile(r"^router "),
}


@dataclass(frozen=True)
class FeatureDrift:
    """One feature on one host: missing/extra lines and the fix (real values, unmasked)."""

    feature: str
    missing: tuple[str, ...] = ()
    extra: tuple[str, ...] = ()
    remediation: tuple[str, ...] = ()
    missing_sections: tuple[str, ...] = ()

    @property
    def compliant(self) -> bool:
        """True when nothing is missing and nothing is extra."""
        return not (self.missing or self.extra or self.remediation)


def feature_of(top_line: str) -> str | None:
    """The feature a top-level line belongs to (``None`` outside every feature).

    Examples:
        >>> feature_of("no crypto ipsec profile vpnprof"), feature_of("hostname R1")
        ('ipsec', None)
    """
    text = top_line[3:] if top_line.startswith("no ") else top_line
    for name, pattern in FEATURES.items():
        if pattern.match(text):
            return name
    return None


def _lines(tree: HConfig, feature: str) -> tuple[str, ...]:
    out: list[str] = []
    for top in tree.children:
        if feature_of(top.text) == feature:
            out.append(top.text)
            out.extend(" " * (c.depth() - 1) + c.text for c in top.all_children_sorted())
    return tuple(out)


def _paths(tree: HConfig) -> set[tuple[str, ...]]:
    return {tuple(c.path()) for c in tree.all_children()}


def no_drift(
    running: HConfig, intended: Outline, owned_networks: Iterable[IPv4Network] = ()
) -> bool:
    """True when the managed part of ``running`` has exactly the intended lines (then
    :func:`feature_drift` finds every feature compliant), without the intended tree."""
    paths = intended.paths
    if skip := unattainable(running, intended):
        paths = frozenset(p for p in paths if p[0] not in skip)
    return managed_paths(running, intended, owned_networks) == paths


def feature_drift(
    running: HConfig, intended: HConfig, owned_networks: Iterable[IPv4Network] = ()
) -> list[FeatureDrift]:
    """Compare the managed part of ``running`` with ``intended``, feature by feature.

    Returns one :class:`FeatureDrift` per feature in :data:`FEATURES` order. The
    remediation is computed once for the whole host (so removals keep their
    dependency order) and split by feature.
    """
    intended = without(intended, unattainable(running, intended))
    view = managed_view(running, intended, owned_networks)
    if _paths(view) == _paths(intended):  # the common case: no drift, no workflow needed
        return [FeatureDrift(name) for name in FEATURES]
    missing = intended.difference(view)
    extra = view.difference(intended)
    fix = WorkflowRemediation(view, intended).remediation_config
    present = {c.text for c in view.children}
    result = []
    for name in FEATURES:
        gone = tuple(
            c.text
            for c in intended.children
            if c.children and feature_of(c.text) == name and c.text not in present
        )
        result.append(
            FeatureDrift(
                name,
                missing=_lines(missing, name),
                extra=_lines(extra, name),
                remediation=_lines(fix, name),
                missing_sections=gone,
            )
        )
    return result


def apply_remediation(running: HConfig, lines: Iterable[str]) -> HConfig:
    """``running`` with remediation ``lines`` applied, as hier_config merges them; a
    ``no X`` that removed a line ``X`` is not kept (IOS prints nothing for the default
    it restores, e.g. ``no mode transport``)."""
    fix = get_hconfig(driver(), "\n".join(lines))
    after = running.future(fix)
    _drop_spent_negations(running, fix, after)
    return after


def _child(node: HConfig | HConfigChild, text: str) -> HConfigChild | None:
    return next((c for c in node.children if c.text == text), None)


def _drop_spent_negations(
    before: HConfig | HConfigChild, fix: HConfig | HConfigChild, after: HConfig | HConfigChild
) -> None:
    for line in fix.children:
        was, now = _child(before, line.text), _child(after, line.text)
        if line.text.startswith("no ") and _child(before, line.text[3:]) and now is not None:
            after.children.delete(now.text)
        elif was is not None and now is not None:
            _drop_spent_negations(was, line, now)
