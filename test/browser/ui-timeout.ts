/**
 * How long the browser tests wait for the page: Playwright's locators
 * (test/browser/helpers.ts) and vitest's expect.poll (vitest.config.ts) alike,
 * so a poll never gives up while a locator would still be waiting.
 */
export const UI_TIMEOUT_MS = 15_000;
