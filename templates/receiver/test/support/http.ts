/** Real servers on 127.0.0.1:0 for the tests, and requests signed the way senders sign them. */
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { Webhook } from 'standardwebhooks';

export interface Listening {
  readonly origin: string;
  readonly port: number;
  close(): Promise<void>;
}

export async function listen(server: Server): Promise<Listening> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

export function listenNode(listener: RequestListener): Promise<Listening> {
  return listen(createServer(listener));
}

/** Serves a fetch handler over node:http (Node 20 has no fetch server of its own): request → Request, Response → response. */
export function listenFetch(handler: (request: Request) => Promise<Response>): Promise<Listening> {
  return listenNode((req: IncomingMessage, res: ServerResponse) => {
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    const request = new Request(`http://${req.headers.host}${req.url}`, {
      method: req.method,
      headers,
      ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream<Uint8Array>, duplex: 'half' } : {}),
    } as RequestInit);
    void handler(request).then(async (response) => {
      res.statusCode = response.status;
      response.headers.forEach((value, name) => res.setHeader(name, value));
      res.end(Buffer.from(await response.arrayBuffer()));
    });
  });
}

export const testSecret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

export interface SignedRequestOptions {
  readonly secret?: string;
  readonly id?: string;
  readonly timestamp?: Date;
  readonly method?: string;
  readonly contentType?: string;
  readonly headers?: Record<string, string>;
}

/** Headers signed by the `standardwebhooks` package: what a Standard Webhooks sender sends. */
export function signedHeaders(body: string, { secret = testSecret, id = 'msg_test', timestamp = new Date(), contentType = 'application/json', headers = {} }: SignedRequestOptions = {}): Record<string, string> {
  return {
    'content-type': contentType,
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(id, timestamp, body),
    ...headers,
  };
}

/** POSTs (or `method`s) a body signed with the standardwebhooks package, with Node's fetch. */
export async function sendSigned(url: string, body: string, options: SignedRequestOptions = {}): Promise<{ status: number; headers: Headers; text: string; json: unknown }> {
  const response = await fetch(url, { method: options.method ?? 'POST', headers: signedHeaders(body, options), body });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}
