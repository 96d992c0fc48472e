/**
 * Which Chromium the browser tests drive, in this order: `CHROMIUM_PATH` if set,
 * then a system Chromium or Chrome, then the build that the `@sparticuz/chromium`
 * package ships inside npm (Linux x64), so `npm install && npm test` needs no
 * browser download and no root.
 */
import { existsSync } from 'node:fs';

const SYSTEM_BROWSERS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
];

/** The flags every choice gets: headless, no sandbox (containers), nothing reaching out to the network. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export async function chromiumExecutable(): Promise<string> {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  const system = SYSTEM_BROWSERS.find((path) => existsSync(path));
  if (system) return system;
  if (process.platform === 'linux' && process.arch === 'x64') {
    // Unpacks its compressed build into the temp folder once, then reuses it.
    const { default: packaged } = await import('@sparticuz/chromium');
    return packaged.executablePath();
  }
  throw new Error(
    `No Chromium found (tried ${SYSTEM_BROWSERS.join(', ')}); install Chrome or Chromium, or set CHROMIUM_PATH to its executable`,
  );
}
