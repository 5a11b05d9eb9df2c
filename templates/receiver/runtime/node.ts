/**
 * node:http: `http.createServer(receiver.node)`, or `receiver.node(req, res)` from any server built on it.
 * The body is read here, raw and bounded, because the signature is over its exact bytes.
 */
import { problem } from './problem-details.ts';
import { isPromiseLike, problemResponse, type PipelineCore, type ReceiverRequest, type ReceiverResponse } from './pipeline.ts';

/** What the receiver needs of an `http.IncomingMessage`. */
export interface NodeRequest {
  readonly method?: string | undefined;
  readonly url?: string | undefined;
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  // Event listeners take any arguments: Node's own signature.
  on(event: string, listener: (...args: any[]) => void): unknown;
  removeListener(event: string, listener: (...args: any[]) => void): unknown;
}

/** What the receiver needs of an `http.ServerResponse`. */
export interface NodeResponse {
  statusCode: number;
  setHeader(name: string, value: string): unknown;
  end(body?: string | Uint8Array): unknown;
}

export type NodeListener = (request: NodeRequest, response: NodeResponse) => Promise<void>;

/** How a node adapter has a request answered: at once, or with a promise that never rejects. */
export type Respond = (request: ReceiverRequest) => ReceiverResponse | PromiseLike<ReceiverResponse>;

const encoder = new TextEncoder();

export function nodeListener(pipeline: PipelineCore): NodeListener {
  const { respond, bodyLimit } = pipeline;
  // The promise settles once the answer is written; node:http does not wait for it, a caller may.
  return (request, response) =>
    new Promise<void>((resolve, reject) => {
      readNodeBody(request, bodyLimit, (body) => {
        if (body === undefined) return resolve(); // the client went away: nobody to answer
        try {
          answerNode(respond, bodyLimit, request, response, body, resolve, reject);
        } catch (error) {
          reject(error); // what onError itself threw: the listener's promise says so, as an async listener's would
        }
      });
    });
}

/**
 * Runs a request whose body is already read (or known to be too large), writes the answer, then calls
 * `written` (or `failed`, if writing it threw).
 */
export function answerNode(respond: Respond, bodyLimit: number, request: NodeRequest, response: NodeResponse, body: Uint8Array | 'too-large', written: () => void, failed: (error: unknown) => void): void {
  if (body === 'too-large') {
    // Closing the connection spares reading the rest of an oversized body.
    return finish(response, problemResponse(problem(413, `The request body is larger than the limit of ${bodyLimit} bytes.`), { connection: 'close' }), written, failed);
  }
  const answer = respond({ method: request.method ?? 'GET', url: request.url ?? '/', headers: nodeHeaders(request), body });
  if (isPromiseLike(answer)) answer.then((value) => finish(response, value, written, failed), failed);
  else finish(response, answer, written, failed);
}

function finish(response: NodeResponse, answer: ReceiverResponse, written: () => void, failed: (error: unknown) => void): void {
  try {
    writeNodeResponse(response, answer);
  } catch (error) {
    return failed(error);
  }
  written();
}

/**
 * Header values by lower-case name; a repeated header's values joined with `, ` (as node:http does).
 * node:http's own (an IncomingMessage has `rawHeaders`) are already so, but for `set-cookie`, which
 * is always an array: they are used as they are.
 */
export function nodeHeaders(request: NodeRequest): Readonly<Record<string, string>> {
  const { headers } = request;
  if (Array.isArray((request as { rawHeaders?: unknown }).rawHeaders) && headers['set-cookie'] === undefined) return headers as Readonly<Record<string, string>>;
  return normalizedHeaders(headers);
}

function normalizedHeaders(headers: NodeRequest['headers']): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const key = name.toLowerCase();
    const text = typeof value === 'string' ? value : value.join(', ');
    result[key] = result[key] === undefined ? text : `${result[key]}, ${text}`;
  }
  return result;
}

export function writeNodeResponse(response: NodeResponse, answer: ReceiverResponse): void {
  response.statusCode = answer.status;
  const { headers } = answer;
  for (const name in headers) response.setHeader(name, headers[name]!);
  response.end(answer.body);
}

/**
 * The raw body, or `too-large` as soon as it passes `limit` bytes (declared or actual): `then` is
 * called once, with it, or with undefined when the client went away first.
 */
export function readNodeBody(request: NodeRequest, limit: number, then: (body: Uint8Array | 'too-large' | undefined) => void): void {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return then('too-large');
  let first: Uint8Array | undefined;
  let rest: Uint8Array[] | undefined;
  let size = 0;
  let settled = false;
  const onData = (chunk: Uint8Array | string) => {
    if (settled) return;
    const bytes = typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
    size += bytes.byteLength;
    if (size > limit) {
      settled = true;
      detach(request, onData, onEnd, onGone);
      then('too-large');
    } else if (first === undefined) first = bytes;
    else (rest ??= []).push(bytes);
  };
  const onEnd = () => {
    if (settled) return;
    // After 'end' nothing is read any more: the listeners stay (a later 'close' finds the read settled),
    // which spares removing four of them from every request.
    settled = true;
    then(rest === undefined ? (first ?? new Uint8Array(0)) : concat(first!, rest, size));
  };
  const onGone = () => {
    if (settled) return;
    settled = true;
    detach(request, onData, onEnd, onGone);
    then(undefined);
  };
  request.on('data', onData);
  request.on('end', onEnd);
  request.on('error', onGone);
  request.on('close', onGone);
}

function detach(request: NodeRequest, onData: (chunk: Uint8Array | string) => void, onEnd: () => void, onGone: () => void): void {
  request.removeListener('data', onData);
  request.removeListener('end', onEnd);
  request.removeListener('error', onGone);
  request.removeListener('close', onGone);
}

function concat(first: Uint8Array, rest: readonly Uint8Array[], size: number): Uint8Array {
  const body = new Uint8Array(size);
  body.set(first, 0);
  let offset = first.byteLength;
  for (const chunk of rest) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}
