import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** One accessibility finding of axe-core, as much of it as a failing test needs to say. */
export interface A11yViolation {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

interface AxeResult {
  violations: {
    id: string;
    impact?: string | null;
    help: string;
    nodes: { target: unknown[] }[];
  }[];
}

/**
 * Runs axe-core (from the registry package, injected into the page, nothing fetched) on what the
 * page shows now and returns the serious and critical violations: the suite allows none.
 */
export async function seriousA11yViolations(page: Page): Promise<A11yViolation[]> {
  const loaded = await page.evaluate(() => 'axe' in window);
  // evaluate, not addScriptTag: the hub's pages forbid inline scripts (CSP), DevTools' evaluate is not bound by it.
  if (!loaded) await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document) => Promise<unknown> } }).axe;
    return await axe.run(document);
  });
  return (result as AxeResult).violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact ?? '',
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => n.target.map(String).join(' ')),
    }));
}

/** Readable in a failing assertion: `expect(await a11y(page, 'kiosk-home')).toEqual([])`. */
export async function a11y(page: Page, state: string): Promise<string[]> {
  const found = await seriousA11yViolations(page);
  return found.map((v) => `${state}: ${v.impact} ${v.id} (${v.help}) at ${v.targets.join(', ')}`);
}
