/**
 * Headless Chromium for tests that must see what a reader sees, with no network: the system's
 * Chromium (Debian's `chromium` package; `.ci/run` installs it) driven by playwright-core, in a fresh
 * profile, with every request that would leave the machine aborted and recorded.
 *
 *   const browser = await launchOfflineChromium();
 *   const page = await browser.open(pathToFileURL('docs/index.html').href);
 *   await saveScreenshot(page, 'docs-invoices');
 *   expect(browser.blocked).toEqual([]);
 *   await browser.close();
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Where Chromium is: `$CHROMIUM_PATH`, else Debian's `/usr/bin/chromium`. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Screenshots and other test outputs; the folder is gitignored. */
export const artifactsDir = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));

/**
 * Chromium's own background traffic (component updates, sync, field trials) is switched off at the
 * source, so that what the routing below records is only what the page asked for.
 */
export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
] as const;

/** URLs a page may load without leaving the machine. */
export function isLocalUrl(url: string): boolean {
  return /^(file|data|blob):/i.test(url) || /^about:/i.test(url);
}

export interface OfflineChromium {
  readonly context: BrowserContext;
  /** Every request that was aborted because it would have left the machine, in order. */
  readonly blocked: readonly string[];
  /** Uncaught page errors and `console.error` messages, in order. */
  readonly errors: readonly string[];
  /** Opens a URL in a new page and waits until the network (local only) is idle. */
  open(url: string): Promise<Page>;
  /** Closes Chromium and deletes its profile. */
  close(): Promise<void>;
}

export interface LaunchOptions {
  /** Viewport of new pages; default 1280×900. */
  readonly viewport?: { readonly width: number; readonly height: number };
}

/** Whether the Chromium this helper launches is installed (tests say so instead of failing obscurely). */
export function chromiumInstalled(): boolean {
  return existsSync(chromiumPath);
}

export async function launchOfflineChromium(options: LaunchOptions = {}): Promise<OfflineChromium> {
  if (!chromiumInstalled()) throw new Error(`no Chromium at ${chromiumPath}: install it (apt-get install -y chromium) or set CHROMIUM_PATH.`);
  const profile = mkdtempSync(join(tmpdir(), 'boomerang-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath,
      headless: true,
      args: [...chromiumArgs],
      viewport: { width: options.viewport?.width ?? 1280, height: options.viewport?.height ?? 900 },
      // Service workers could answer requests that the routing below never sees.
      serviceWorkers: 'block',
    });
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
  const blocked: string[] = [];
  const errors: string[] = [];
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (isLocalUrl(url)) return route.continue();
    blocked.push(url);
    return route.abort('internetdisconnected');
  });
  await context.routeWebSocket(() => true, (socket) => {
    blocked.push(socket.url());
    return socket.close();
  });
  const watch = (page: Page) => {
    page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`console.error: ${message.text()}`);
    });
  };
  context.on('page', watch);
  return {
    context,
    blocked,
    errors,
    async open(url) {
      const page = await context.newPage();
      await page.goto(url, { waitUntil: 'networkidle' });
      return page;
    },
    async close() {
      try {
        await context.close();
      } finally {
        rmSync(profile, { recursive: true, force: true });
      }
    },
  };
}

/** Saves a full-page PNG as `test-artifacts/<name>.png` and returns its path. */
export async function saveScreenshot(page: Page, name: string, options: { readonly fullPage?: boolean } = {}): Promise<string> {
  mkdirSync(artifactsDir, { recursive: true });
  const path = join(artifactsDir, `${name.replace(/[^A-Za-z0-9._-]+/g, '-')}.png`);
  await page.screenshot({ path, fullPage: options.fullPage ?? true });
  return path;
}
