"""axe-core (vendored, see vendor/LICENSE-axe-core.txt), run in the page under test.

``page.evaluate`` is not subject to the page's Content Security Policy, so axe runs on the
pages exactly as users get them."""

from pathlib import Path

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()


def serious_violations(page) -> list[str]:
    """WCAG 2.1 A/AA violations of serious or critical impact, one line each."""
    page.evaluate(AXE)
    return page.evaluate(
        """async () => {
            const result = await axe.run(document, {
                runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"],
            });
            return result.violations
                .filter(v => ["serious", "critical"].includes(v.impact))
                .map(v => `${v.id}: ${v.help} (${v.nodes.map(n => n.target).join(", ")})`);
        }"""
    )
