// axe-core in the page under test (Chromium): the accessibility rules as a screen reader user and a
// keyboard user meet them. Returns the violations, each as `rule-id: target, target (help)`, so a
// failing assertion reads as a list of what to fix.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
let source: string | undefined;

/** axe-core's violations on the page as it is now (WCAG 2.x A/AA and best practices). */
export async function axeViolations(page: Page, selector?: string): Promise<string[]> {
  source ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  // Evaluated over the DevTools protocol: the desk's CSP (script-src 'self') stays as it ships.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(source);
  const violations = await page.evaluate(async (sel) => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: { id: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(sel ?? document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
  }, selector);
  return violations.map((v) => `${v.id}: ${v.targets.slice(0, 5).join(', ')} (${v.help})`);
}
