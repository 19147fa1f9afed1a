"""docs/audit.md lists every rule with its severity, and nothing the code lacks."""

from __future__ import annotations

import re

from dmvpnprov.audit.rules import RULES
from tests.support.paths import DOCS

DOC = DOCS / "audit.md"


def test_every_rule_is_documented_with_its_severity() -> None:
    rows = dict(re.findall(r"^\| `([A-Z]+-\d{3})` \| (\w+) \|", DOC.read_text(), re.MULTILINE))
    for rule in RULES.values():
        assert rows.get(rule.id) == rule.severity.value, rule.id
        assert rule.rationale and rule.reference
    documented = {k for k in rows if not k.startswith(("SOURCE-", "SCOPE-"))}
    assert documented == set(RULES)
