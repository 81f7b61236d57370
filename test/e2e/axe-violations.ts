import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

/**
 * Every violation axe finds on the page as it is now (or in `include`, a CSS selector), one
 * line each with the node and axe's reason, so a failure names what broke (empty when clean).
 */
export async function axeViolations(
  page: Page,
  where: string,
  include?: string,
): Promise<string[]> {
  const builder = new AxeBuilder({ page });
  const result = await (include === undefined ? builder : builder.include(include)).analyze();
  return result.violations.flatMap((violation) =>
    violation.nodes.map(
      (node) =>
        `${where}: ${violation.id} (${violation.impact ?? 'no impact'}) at ${node.target.join(' ')}: ${node.failureSummary ?? ''} [${node.html.slice(0, 200)}]`,
    ),
  );
}
