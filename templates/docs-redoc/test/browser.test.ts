/**
 * The built docs as a reader sees them. `boomerang docs` (the real binary) builds the docs of both
 * examples, from their definitions and with their docs options, into scratch projects (so a test run
 * leaves the examples as they are), plus a branded one with a title, a logo and colours. Each page
 * is opened from disk in headless Chromium with every request that would leave the machine aborted
 * and recorded. Screenshots land in test-artifacts/.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, resolveTemplateDir } from '@boomerang/codegen';
import { launchOfflineChromium, saveScreenshot, type OfflineChromium } from '../../../tools/browser/chromium.ts';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const templateDir = fileURLToPath(new URL('../', import.meta.url));
const bin = join(repo, 'packages/cli/bin/boomerang.js');
// Inside the repository, so that the definitions resolve @boomerang/core and zod; .tmp/ is ignored.
const scratch = fileURLToPath(new URL('./.tmp/browser/', import.meta.url));
const logoSvg = '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" viewBox="0 0 120 40"><rect width="120" height="40" rx="8" fill="#c2410c"/><text x="60" y="27" font-size="18" text-anchor="middle" fill="#fff" font-family="sans-serif">ACME</text></svg>';

/** The options of an example's docs-redoc target, as its boomerang.config.ts gives them. */
async function exampleDocsOptions(example: string): Promise<Readonly<Record<string, unknown>>> {
  const { root, config } = await loadConfig(join(repo, 'examples', example));
  const target = (config.targets ?? []).find((t) => resolveTemplateDir(t.template, root) === templateDir.replace(/\/$/, ''));
  if (target === undefined) throw new Error(`examples/${example}/boomerang.config.ts has no docs-redoc target`);
  return target.options ?? {};
}

function writeProject(name: string, definition: string, options: Readonly<Record<string, unknown>>): string {
  const dir = join(scratch, name);
  mkdirSync(dir, { recursive: true });
  const config = { definition: relative(dir, join(repo, definition)), openapi: false, targets: [{ template: relative(dir, templateDir), output: './docs', options }] };
  writeFileSync(join(dir, 'boomerang.config.ts'), `export default ${JSON.stringify(config, null, 2)};\n`);
  return dir;
}

function boomerangDocs(dir: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, 'docs', dir], { cwd: repo, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

let browser: OfflineChromium;
const built: Record<'invoices' | 'subscriptions' | 'branded', string> = { invoices: '', subscriptions: '', branded: '' };

beforeAll(async () => {
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  writeFileSync(join(scratch, 'acme.svg'), logoSvg);
  built.invoices = writeProject('invoices', 'examples/invoices/api.ts', await exampleDocsOptions('invoices'));
  built.subscriptions = writeProject('subscriptions', 'examples/subscriptions/api.ts', await exampleDocsOptions('subscriptions'));
  built.branded = writeProject('branded', 'examples/invoices/api.ts', {
    title: 'Acme Invoices',
    logo: pathToFileURL(join(scratch, 'acme.svg')).href,
    primaryColor: '#c2410c',
    sidebarColor: '#fff7ed',
  });
  const runs = await Promise.all(Object.values(built).map(boomerangDocs));
  for (const run of runs) expect(run.code, run.output).toBe(0);
  browser = await launchOfflineChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  rmSync(scratch, { recursive: true, force: true });
});

/** Opens a built page at a Redoc route and waits until Redoc has hydrated it (its search box is live). */
async function openDocs(project: keyof typeof built, page: 'index' | 'receiver', route: string): Promise<Page> {
  const opened = await browser.open(`${pathToFileURL(join(built[project], 'docs', `${page}.html`)).href}#${route}`);
  await opened.getByText('Ctrl+K').first().waitFor();
  return opened;
}

/** The page's visible text from the first occurrence of `from` on. */
async function textFrom(page: Page, from: string): Promise<string> {
  const text = await page.innerText('body');
  expect(text).toContain(from);
  return text.slice(text.indexOf(from));
}

/**
 * Nothing left the machine: no request reached the network (the routing aborts and records any),
 * and the only thing the page itself refused is the one its Content Security Policy is there for:
 * the Redocly logo in Redoc's "API docs by" badge, which Redoc loads from Redocly's CDN.
 */
function expectNothingLeftTheMachine(): void {
  expect(browser.blocked).toEqual([]);
  for (const error of browser.errors) {
    expect(error).toMatch(/^console\.error: Loading the image 'https:\/\/cdn\.redoc\.ly\/redoc\/logo-mini(-full)?\.svg' violates the following Content Security Policy directive/);
  }
}

describe('docs-redoc in a browser, offline', () => {
  it('shows the invoices operation and its callback: name, URL expression, request and response bodies', async () => {
    const page = await openDocs('invoices', 'index', '/invoices/create_invoice');
    expect(await page.title()).toBe('Invoices');
    expect(await page.locator('h2', { hasText: 'Create Invoice' }).isVisible()).toBe(true);
    const operation = await textFrom(page, 'Create Invoice\n');
    expect(operation).toMatch(/POST\n\/invoices\n/);

    expect(await page.locator('h4', { hasText: 'Callbacks' }).isVisible()).toBe(true);
    await page.getByText('Invoice Notification', { exact: true }).click();
    const callbacks = await textFrom(page, 'Callbacks\n');
    expect(callbacks).toContain('Callback invoice_notification of POST /invoices, sent to {$request.query.callback_url}/invoices/{$request.body#/id}.');
    expect(callbacks).toContain('Sent once the invoice is paid (or could not be).');
    expect(callbacks).toMatch(/Callback Request\n[\s\S]*\ndescription\nstring\nrequired\npaid\nboolean\nrequired\n/);
    expect(callbacks).toMatch(/Callback Response\n[\s\S]*\nok\nboolean\nrequired\n/);
    expect(await page.getByText('{$request.query.callback_url}/invoices/{$request.body#/id}', { exact: true }).first().isVisible()).toBe(true);

    await saveScreenshot(page, 'docs-redoc-invoices-index');
    await page.close();
    expectNothingLeftTheMachine();
  });

  it('shows the invoices receiver docs: the callback as an operation to implement', async () => {
    const page = await openDocs('invoices', 'receiver', '/invoices');
    expect(await page.title()).toBe('Invoices — receiver');
    expect(await page.locator('h2', { hasText: 'Invoice Notification' }).isVisible()).toBe(true);
    const operation = await textFrom(page, 'Invoice Notification\nCopy\n');
    expect(operation).toContain('Invoices sends this callback (event invoice_notification) after a POST /invoices request (Create Invoice)');
    expect(operation).toMatch(/POST\n\/invoices\/\{id\}\n/);
    expect(operation).toMatch(/Body\napplication\/json\nrequired\ndescription\nstring\nrequired\npaid\nboolean\nrequired\n/);
    expect(operation).toMatch(/Responses\n[\s\S]*\nok\nboolean\nrequired\n/);
    await saveScreenshot(page, 'docs-redoc-invoices-receiver');
    await page.close();
    expectNothingLeftTheMachine();
  });

  it('shows the subscriptions webhooks with their bodies', async () => {
    // Opened at the first webhook: Redoc renders the sections near the one in view.
    const page = await openDocs('subscriptions', 'index', '/subscriptions/newsubscription');
    const webhooks = await textFrom(page, 'New Subscription\nWebhook\n');
    expect(webhooks).toContain('Webhook new-subscription, sent to the URL registered for it.');
    expect(webhooks).toMatch(/\nusername\nstring\nrequired\nmonthly_fee\nnumber\nrequired\nstart_date\nstring, \(date-time\)\n/);
    const cancelled = await textFrom(page, 'Subscription Cancelled\nWebhook\n');
    expect(cancelled).toContain('Webhook subscription-cancelled, sent to the URL registered for it.');
    expect(cancelled).toMatch(/\nusername\nstring\nrequired\ncancelled_at\nstring, \(date-time\)\n/);
    await saveScreenshot(page, 'docs-redoc-subscriptions-index');
    await page.close();
    expectNothingLeftTheMachine();
  });

  it('shows the subscriptions receiver docs: the webhook as an operation to implement', async () => {
    const page = await openDocs('subscriptions', 'receiver', '/subscriptions/new-subscription');
    expect(await page.title()).toBe('Subscriptions — receiver');
    expect(await page.locator('h2', { hasText: 'New Subscription' }).isVisible()).toBe(true);
    const operation = await textFrom(page, 'New Subscription\nWebhook\n');
    expect(operation).toContain('Subscriptions sends this webhook (event new-subscription) to the URL you registered for it.');
    expect(operation).toMatch(/\nusername\nstring\nrequired\nmonthly_fee\nnumber\nrequired\nstart_date\nstring, \(date-time\)\n/);
    await saveScreenshot(page, 'docs-redoc-subscriptions-receiver');
    await page.close();
    expectNothingLeftTheMachine();
  });

  it('applies the title, the inlined logo and the colours', async () => {
    const page = await openDocs('branded', 'index', '/');
    expect(await page.title()).toBe('Acme Invoices');
    expect(await page.locator('h1').innerText()).toBe('Acme Invoices (1.0.0)');
    const logo = page.locator('img[src^="data:image/svg+xml;base64,"]');
    expect(await logo.isVisible()).toBe(true);
    expect(await logo.getAttribute('alt')).toBe('Acme Invoices');
    // A string, evaluated in the page: this project's TypeScript has no DOM library.
    const tokens = await page.evaluate(`(() => {
      const style = getComputedStyle(document.documentElement);
      return { primary: style.getPropertyValue('--color-primary-base').trim(), sidebar: style.getPropertyValue('--sidebar-bg-color').trim() };
    })()`);
    expect(tokens).toEqual({ primary: '#c2410c', sidebar: '#fff7ed' });
    await saveScreenshot(page, 'docs-redoc-branded-index');
    await page.close();
    expectNothingLeftTheMachine();
  });
});
