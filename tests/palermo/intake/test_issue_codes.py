from __future__ import annotations

import ast
import re
from pathlib import Path

from palermo.intake import ISSUE_KINDS, RULES, IssueCode

ROOT = Path(__file__).resolve().parents[3]
DOC = ROOT / "docs" / "reference" / "issue-codes.md"


def _documented() -> dict[str, str]:
    """code -> severity, from the tables of the reference page."""
    rows = re.findall(r"^\| `([a-z_.]+)` \| (error|warning) \|", DOC.read_text(), re.M)
    return dict(rows)


def test_every_issue_code_is_documented_with_its_severity() -> None:
    documented = _documented()
    assert {code.value: ISSUE_KINDS[code].severity.value for code in IssueCode} == (
        documented
    )


def test_every_code_has_messages_in_english_and_french() -> None:
    assert set(ISSUE_KINDS) == set(IssueCode)
    for kind in ISSUE_KINDS.values():
        assert kind.en
        assert kind.fr
        assert kind.en != kind.fr


def test_every_code_the_source_uses_is_a_documented_code() -> None:
    used: set[str] = set()
    for path in (ROOT / "src" / "palermo" / "intake").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in {"IssueCode", "C"}
                and node.attr.isupper()
            ):
                used.add(IssueCode[node.attr].value)
    assert used
    assert used <= set(_documented())


def test_every_rule_names_documented_codes() -> None:
    for rule in RULES:
        assert rule.name
        assert rule.codes
        assert {c.value for c in rule.codes} <= set(_documented())


def test_every_code_is_raised_by_some_test() -> None:
    tests = [
        path.read_text()
        for path in (ROOT / "tests").rglob("test_*.py")
        if path.name != "test_issue_codes.py"
    ]
    untested = [
        c.value for c in IssueCode if not any(f'"{c.value}"' in t for t in tests)
    ]
    assert untested == []
