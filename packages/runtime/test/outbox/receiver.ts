/**
 * Test helpers for the outbox tests: a real HTTP receiver on 127.0.0.1:0 whose answers a test scripts
 * (and can change while it runs), which records every request and how many were open at once; and
 * temporary SQLite files.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Received {
  readonly method: string;
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

export type Answer =
  | { readonly status: number; readonly headers?: Record<string, string>; readonly body?: unknown; readonly holdMs?: number }
  /** Never answers (until the receiver closes). */
  | 'hang';

/** Answers the `index`-th request (0 for the first); a promise holds the answer back until it settles. */
export type Script = (request: Received, index: number) => Answer | Promise<Answer>;

export interface Receiver {
  readonly origin: string;
  readonly received: Received[];
  /** The most requests that were open (arrived, not yet answered) at once. */
  readonly maxOpen: number;
  /** What it answers from now on. */
  answer(script: Script): void;
  /** Resolves once `count` requests have arrived; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<Received[]>;
  close(): Promise<void>;
}

/** `answers` in turn, the last one repeating. */
export const inTurn =
  (...answers: Answer[]): Script =>
  (_request, index) =>
    answers[Math.min(index, answers.length - 1)] ?? { status: 200 };

export const json = (status: number, body: unknown, headers: Record<string, string> = {}): Answer => ({ status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

const receivers: Receiver[] = [];

export async function startReceiver(script: Script = inTurn({ status: 204 })): Promise<Receiver> {
  const received: Received[] = [];
  let current = script;
  let open = 0;
  let maxOpen = 0;
  const waiters: { count: number; resolve: () => void }[] = [];
  const server = http.createServer((req, res) => {
    open++;
    maxOpen = Math.max(maxOpen, open);
    let closed = false;
    const done = () => {
      if (closed) return;
      closed = true;
      open--;
    };
    res.on('finish', done);
    res.on('close', done);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const request: Received = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      received.push(request);
      const answering = current(request, received.length - 1);
      for (const waiter of waiters.filter((w) => received.length >= w.count)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
      const answer: Answer = await Promise.resolve(answering).catch(() => ({ status: 599, body: 'the test script failed' }));
      if (answer === 'hang') return;
      const send = () => {
        const body = answer.body === undefined ? undefined : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
        res.writeHead(answer.status, answer.headers).end(body);
      };
      if (answer.holdMs) setTimeout(send, answer.holdMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const receiver: Receiver = {
    origin: `http://127.0.0.1:${port}`,
    received,
    get maxOpen() {
      return maxOpen;
    },
    answer(next) {
      current = next;
    },
    waitFor(count, timeoutMs = 10_000) {
      if (received.length >= count) return Promise.resolve([...received]);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`Expected ${count} requests within ${timeoutMs} ms; got ${received.length}.`)), timeoutMs);
        waiters.push({
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve([...received]);
          },
        });
      });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  receivers.push(receiver);
  return receiver;
}

/** Closes every receiver started since the last call (for `afterEach`). */
export async function closeReceivers(): Promise<void> {
  for (const receiver of receivers.splice(0)) await receiver.close();
}

/** A fresh directory for SQLite files, and its removal. */
export async function tempDirectory(): Promise<{ readonly file: (name: string) => string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'boomerang-outbox-'));
  return { file: (name) => join(dir, name), remove: () => rm(dir, { recursive: true, force: true }) };
}
