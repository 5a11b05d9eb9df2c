import { describe, expect, it } from 'vitest';
import { isLocalUrl, launchOfflineChromium, saveScreenshot } from './chromium.ts';

describe('offline Chromium', () => {
  it.each([
    ['file:///tmp/docs/index.html', true],
    ['data:text/html,<p>hi</p>', true],
    ['blob:null/5a6b', true],
    ['about:blank', true],
    ['https://cdn.redoc.ly/redoc/logo-mini.svg', false],
    ['http://127.0.0.1:8080/', false],
    ['ws://example.com/socket', false],
  ])('%s is local: %s', (url, local) => {
    expect(isLocalUrl(url)).toBe(local);
  });

  it('aborts and records every request that would leave the machine, and the page still loads', async () => {
    const browser = await launchOfflineChromium();
    try {
      const html = `<!DOCTYPE html><title>offline</title><p id="status">loading</p>
        <img src="https://images.example/a.png">
        <script>
          fetch('https://api.example/data').then(() => 'reached', () => 'refused')
            .then((outcome) => { document.getElementById('status').textContent = outcome; });
        </script>`;
      const page = await browser.open(`data:text/html,${encodeURIComponent(html)}`);
      await page.waitForFunction(`document.getElementById('status').textContent !== 'loading'`); // in the page: no DOM types here
      expect(await page.textContent('#status')).toBe('refused');
      expect([...browser.blocked].sort()).toEqual(['https://api.example/data', 'https://images.example/a.png']);
      expect(await saveScreenshot(page, 'browser-helper-offline')).toMatch(/test-artifacts\/browser-helper-offline\.png$/);
    } finally {
      await browser.close();
    }
  });
});
