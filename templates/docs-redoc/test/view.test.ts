/** The docs-redoc view, module by module: options, logo, theme, Content Security Policy, documents. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../view/content-security-policy.ts';
import { apiDocsDocument, receiverDocsDocument } from '../view/docs-document.ts';
import { resolveLogo } from '../view/logo.ts';
import { optionNames, resolveOptions } from '../view/options.ts';
import { themeCss } from '../view/theme.ts';

const scratch = mkdtempSync(join(tmpdir(), 'docs-redoc-view-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const svg = join(scratch, 'logo.svg');
writeFileSync(svg, '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"/>');
const notes = join(scratch, 'notes.txt');
writeFileSync(notes, 'not an image\n');
const svgData = `data:image/svg+xml;base64,${Buffer.from(readFileSync(svg)).toString('base64')}`;

describe('options', () => {
  it('declares in the manifest exactly the options it reads', () => {
    const manifest = JSON.parse(readFileSync(new URL('../boomerang-template.json', import.meta.url), 'utf8')) as { options: Record<string, unknown> };
    expect(Object.keys(manifest.options).sort()).toEqual([...optionNames].sort());
  });

  it.each([
    ['no options', {}, { theme: {} }],
    ['a title, trimmed', { title: ' Acme Invoices ' }, { title: 'Acme Invoices', theme: {} }],
    ['colours', { primaryColor: '#0b7a75', linkColor: 'rgb(11 122 117 / 80%)', sidebarColor: 'ivory' }, { theme: { primaryColor: '#0b7a75', linkColor: 'rgb(11 122 117 / 80%)', sidebarColor: 'ivory' } }],
  ])('resolves %s', (_, given, want) => {
    expect(resolveOptions(given)).toEqual(want);
  });

  it.each([
    ['an unknown option', { primaryColour: '#fff' }, 'unknown option `primaryColour`; the options are title, logo, primaryColor'],
    ['a colour that would break out of the style sheet', { primaryColor: 'red; } body { display: none' }, '`primaryColor` must be a CSS colour'],
    ['a colour that is not a string', { textColor: 3 }, '`textColor` must be a CSS colour such as #0b7a75, rgb(11 122 117) or teal, not 3'],
    ['an empty title', { title: '' }, '`title` must be a non-empty string'],
  ])('rejects %s, naming the option', (_, given, message) => {
    expect(() => resolveOptions(given)).toThrow(message);
  });

  it('reports every problem at once', () => {
    expect(() => resolveOptions({ title: 1, primaryColor: '{', nope: true })).toThrow(/options are not valid:\n {2}- unknown option `nope`.*\n {2}- `primaryColor`.*\n {2}- `title`/);
  });
});

describe('logo', () => {
  it.each([
    ['a file URL object', () => pathToFileURL(svg), { url: svgData, source: 'data:' }],
    ['a file: URL string', () => pathToFileURL(svg).href, { url: svgData, source: 'data:' }],
    ['an absolute path', () => svg, { url: svgData, source: 'data:' }],
    ['a data: URL, as it is', () => 'data:image/png;base64,iVBORw0KGgo=', { url: 'data:image/png;base64,iVBORw0KGgo=', source: 'data:' }],
    ['an https URL, kept, its origin allowed', () => 'https://cdn.acme.example/brand/logo.svg', { url: 'https://cdn.acme.example/brand/logo.svg', source: 'https://cdn.acme.example' }],
  ])('takes %s', (_, given, want) => {
    expect(resolveLogo(given())).toEqual(want);
  });

  it.each([
    ['a relative path, with the config-relative form to write', './assets/logo.svg', 'write `logo: new URL("./assets/logo.svg", import.meta.url)` in boomerang.config.ts'],
    ['a missing file', '/nowhere/logo.svg', '`logo` "/nowhere/logo.svg" does not exist'],
    ['a file that is not an image', notes, 'is not an image this template knows'],
    ['another scheme', 'ftp://acme.example/logo.svg', 'must be a local file, a data: URL or an http(s) URL'],
    ['not a string', 42, '`logo` must be a file path or a URL, not 42'],
  ])('rejects %s', (_, given, message) => {
    expect(resolveLogo(given)).toContain(message);
  });
});

describe('theme', () => {
  it('is only the attribution rule without colours', () => {
    expect(themeCss({})).toBe('a[href="https://redocly.com/redoc/"] p::after {\n  content: " Redoc";\n}');
  });

  it('sets the accent in both colour modes and surfaces in the light mode only', () => {
    const css = themeCss({ primaryColor: '#0b7a75', backgroundColor: '#fffdf7' });
    expect(css).toContain('html:root,\nhtml:root.dark {\n  --color-primary-base: #0b7a75;\n  --color-primary-hover: color-mix(in srgb, #0b7a75 85%, black);');
    expect(css).toContain('html:root:not(.dark) {\n  --bg-color: #fffdf7;\n}');
    expect(css).not.toContain('{color}');
  });
});

describe('content security policy', () => {
  it('lets the page load nothing from elsewhere', () => {
    const policy = contentSecurityPolicy(undefined);
    expect(policy.split('; ')).toEqual([
      "default-src 'none'",
      "script-src 'unsafe-inline'",
      "style-src 'unsafe-inline'",
      'img-src data: blob:',
      'font-src data:',
      'connect-src data: blob:',
      'worker-src blob:',
      "base-uri 'none'",
      "form-action 'none'",
    ]);
  });

  it('allows the origin of an https logo, and only for images', () => {
    expect(contentSecurityPolicy({ url: 'https://cdn.acme.example/logo.svg', source: 'https://cdn.acme.example' })).toContain('img-src data: blob: https://cdn.acme.example;');
    expect(contentSecurityPolicy({ url: svgData, source: 'data:' })).toContain('img-src data: blob:;');
  });
});

const apiDocument = {
  openapi: '3.1.0',
  info: { title: 'Invoices', version: '1.0.0' },
  paths: {
    '/invoices/': {
      post: {
        operationId: 'create_invoice',
        callbacks: {
          invoice_notification: {
            '{$request.query.callback_url}/invoices/{$request.body#/id}': { post: { summary: 'Invoice Notification', description: 'Sent once the invoice is paid.' } },
          },
          audit: { '$ref': '#/components/callbacks/Audit' },
        },
      },
    },
  },
  webhooks: { 'new-subscription': { post: { summary: 'New Subscription' } } },
};

describe('the documents the docs publish', () => {
  it('open each callback with its name and URL expression, each webhook with its name', () => {
    const doc = apiDocsDocument(apiDocument, { theme: {} }) as typeof apiDocument;
    const callback = doc.paths['/invoices/'].post.callbacks.invoice_notification['{$request.query.callback_url}/invoices/{$request.body#/id}'].post;
    expect(callback.description).toBe('Callback `invoice_notification` of `POST /invoices/`, sent to `{$request.query.callback_url}/invoices/{$request.body#/id}`.\n\nSent once the invoice is paid.');
    expect(doc.paths['/invoices/'].post.callbacks.audit).toEqual({ $ref: '#/components/callbacks/Audit' });
    expect((doc.webhooks['new-subscription'].post as { description?: string }).description).toBe('Webhook `new-subscription`, sent to the URL registered for it.');
  });

  it('read OpenAPI 3.0 webhooks from x-webhooks', () => {
    const doc = apiDocsDocument({ openapi: '3.0.3', info: { title: 'S', version: '1' }, 'x-webhooks': { ping: { post: { description: 'Ping.' } } } }, { theme: {} });
    expect(doc['x-webhooks']).toEqual({ ping: { post: { description: 'Webhook `ping`, sent to the URL registered for it.\n\nPing.' } } });
  });

  it('take the title and logo, and leave the emitted document as it was', () => {
    const before = structuredClone(apiDocument);
    const options = { title: 'Acme Invoices', logo: { url: svgData, source: 'data:' }, theme: {} };
    expect(apiDocsDocument(apiDocument, options).info).toEqual({ title: 'Acme Invoices', version: '1.0.0', 'x-logo': { url: svgData, altText: 'Acme Invoices' } });
    expect(receiverDocsDocument({ info: { title: 'Invoices — receiver', version: '1.0.0' } }, options).info).toEqual({
      title: 'Acme Invoices — receiver',
      version: '1.0.0',
      'x-logo': { url: svgData, altText: 'Acme Invoices — receiver' },
    });
    expect(apiDocument).toEqual(before);
  });

  it('keep the receiver document as core emits it without options', () => {
    const receiver = { openapi: '3.1.0', info: { title: 'Invoices — receiver', version: '1.0.0' }, paths: { '/invoices/{id}': { post: { description: 'Invoices sends this callback.' } } } };
    expect(receiverDocsDocument(receiver, { theme: {} })).toEqual(receiver);
  });
});
