"""axe-core, from the npm package, run in the page: every page test checks accessibility in
one line with ``assert_accessible(page)``."""

from pathlib import Path

from playwright.sync_api import Page

AXE_SOURCE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def axe_violations(page: Page) -> list[dict]:
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE_SOURCE.read_text())
    result = page.evaluate("async () => await window.axe.run(document)")
    return result["violations"]


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        lines.extend(
            f"    {node['target']}: {node['failureSummary']}" for node in violation["nodes"][:5]
        )
    return "\n".join(lines)


def assert_accessible(page: Page) -> None:
    """Zero axe-core violations on the page as it is now."""
    violations = axe_violations(page)
    assert not violations, f"axe-core violations on {page.url}:\n{describe(violations)}"
