/**
 * One HTTP request and its whole response, with node:http/https, a deadline and a size cap. Every
 * outcome is a value; nothing here throws or retries (that is `deliver`'s job).
 */
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { DestinationRefusedError } from './address-guard.ts';

export interface Exchange {
  readonly url: URL;
  /** The path and query to send; default `url`'s (see `requestTarget`). */
  readonly target?: string;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | Buffer;
  /** Covers the whole exchange: connect, response head and body, so a receiver cannot trickle forever. */
  readonly timeoutMs: number;
  readonly maxResponseBytes: number;
  /** Runs at connect time for every connection; see `createGuardedLookup`. */
  readonly lookup: LookupFunction;
  readonly signal?: AbortSignal | undefined;
}

export type ExchangeOutcome =
  | { readonly kind: 'response'; readonly status: number; readonly headers: Readonly<Record<string, string>>; readonly body: Buffer }
  | { readonly kind: 'refused'; readonly error: DestinationRefusedError }
  | { readonly kind: 'network'; readonly error: Error }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'aborted' }
  | { readonly kind: 'too-large' };

/** Sends one request and reads its response, never following redirects (a redirect could point anywhere). */
export function exchange(request: Exchange): Promise<ExchangeOutcome> {
  return new Promise((resolve) => {
    const { url, signal } = request;
    if (signal?.aborted) return resolve({ kind: 'aborted' });

    let settled = false;
    const settle = (outcome: ExchangeOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      // Whatever is still open (a half-read body, a pending connect) is of no further use.
      if (outcome.kind !== 'response') outgoing.destroy();
      resolve(outcome);
    };
    const onAbort = (): void => settle({ kind: 'aborted' });
    const timer = setTimeout(() => settle({ kind: 'timeout' }), request.timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });

    const transport = url.protocol === 'https:' ? https : http;
    const outgoing = transport.request(
      {
        protocol: url.protocol,
        hostname: url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname,
        port: url.port === '' ? undefined : Number(url.port),
        path: request.target ?? `${url.pathname}${url.search}`,
        method: request.method,
        headers: request.headers,
        lookup: request.lookup,
        // No pooling: a pooled socket could have been opened by code that did not use the guard, and a
        // fresh connection for each attempt means each one passes the guarded lookup.
        agent: false,
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        let size = 0;
        incoming.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > request.maxResponseBytes) settle({ kind: 'too-large' });
          else chunks.push(chunk);
        });
        incoming.on('end', () => settle({ kind: 'response', status: incoming.statusCode ?? 0, headers: flattenHeaders(incoming.headers), body: Buffer.concat(chunks) }));
        incoming.on('error', (error) => settle({ kind: 'network', error }));
      },
    );
    outgoing.on('error', (error) => settle(error instanceof DestinationRefusedError ? { kind: 'refused', error } : { kind: 'network', error }));
    outgoing.end(request.body);
  });
}

function flattenHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}
