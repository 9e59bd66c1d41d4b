/// <reference lib="dom" />
// Accessibility checks with axe-core inside the real page. axe's source is evaluated through the
// DevTools protocol (playwright's evaluate), which the page's Content-Security-Policy does not govern;
// an injected <script> element would be refused by `script-src 'self'`, as it should be.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { ARTIFACTS, screenshot } from './harness';

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface A11yViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  /** The offending elements: a CSS selector and axe's summary of what to fix, per node. */
  nodes: Array<{ target: string; summary: string }>;
}

/** Every axe violation on the page as it is now (WCAG 2.x A/AA and best practices, axe's defaults). */
export async function a11yViolations(page: Page): Promise<A11yViolation[]> {
  const present = await page.evaluate(() => 'axe' in window);
  if (!present) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: AxeLike }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary ?? '' })),
    }));

    interface AxeLike {
      run(
        context: Document,
        options: { resultTypes: string[] },
      ): Promise<{
        violations: Array<{
          id: string;
          impact?: string | null;
          help: string;
          helpUrl: string;
          nodes: Array<{ target: string[]; failureSummary?: string }>;
        }>;
      }>;
    }
  });
}

/**
 * Fails on any serious or critical axe violation on the page as it is now, naming the rule and the
 * elements. Also keeps a screenshot and every finding (minor and moderate too) under
 * test/artifacts/a11y/<label>.{png,json} for a reviewer.
 */
export async function expectNoSeriousA11yViolations(page: Page, label: string): Promise<void> {
  const all = await a11yViolations(page);
  const dir = path.join(ARTIFACTS, 'a11y');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, `${label}.json`),
    JSON.stringify({ url: page.url(), violations: all }, null, 2),
  );
  await screenshot(page, path.join('a11y', label));
  const serious = all.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (serious.length === 0) return;
  const lines = serious.flatMap((v) => [
    `${v.id} (${v.impact}): ${v.help} ${v.helpUrl}`,
    ...v.nodes.slice(0, 5).map((n) => `    ${n.target}: ${n.summary.replace(/\s+/g, ' ')}`),
  ]);
  throw new Error(`accessibility (${label}, ${page.url()}):\n  ${lines.join('\n  ')}`);
}
