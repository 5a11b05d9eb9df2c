/**
 * A stand-in for an API user's callback endpoint in tests: a real HTTP server on 127.0.0.1:0 that
 * records every request (raw body and headers) and answers from a script.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface ScriptedAnswer {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

export interface RecordingReceiver {
  readonly origin: string;
  readonly port: number;
  readonly requests: RecordedRequest[];
  /** Resolves once `count` requests have arrived. */
  waitFor(count: number): Promise<RecordedRequest[]>;
  close(): Promise<void>;
}

export async function startRecordingReceiver(script: readonly ScriptedAnswer[] = [{ status: 200, body: { ok: true } }]): Promise<RecordingReceiver> {
  const requests: RecordedRequest[] = [];
  const waiters: { count: number; resolve: (r: RecordedRequest[]) => void }[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const answer = script[Math.min(requests.length - 1, script.length - 1)]!;
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
      for (const waiter of waiters.filter((w) => requests.length >= w.count)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve([...requests]);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    requests,
    waitFor: (count) => (requests.length >= count ? Promise.resolve([...requests]) : new Promise((resolve) => waiters.push({ count, resolve }))),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
