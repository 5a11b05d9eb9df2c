/**
 * node:http: `http.createServer(receiver.node)`, or `receiver.node(req, res)` from any server built on it.
 * The body is read here, raw and bounded, because the signature is over its exact bytes.
 */
import { problem } from './problem-details.ts';
import { problemResponse, type Pipeline, type ReceiverResponse } from './pipeline.ts';

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

const encoder = new TextEncoder();

export function nodeListener(pipeline: Pipeline): NodeListener {
  return async (request, response) => {
    let body: Uint8Array | 'too-large';
    try {
      body = await readNodeBody(request, pipeline.bodyLimit);
    } catch {
      return; // the client went away: nobody to answer
    }
    await answerNode(pipeline, request, response, body);
  };
}

/** Runs a request whose body is already read (or known to be too large) and writes the answer. */
export async function answerNode(pipeline: Pipeline, request: NodeRequest, response: NodeResponse, body: Uint8Array | 'too-large'): Promise<void> {
  if (body === 'too-large') {
    // Closing the connection spares reading the rest of an oversized body.
    writeNodeResponse(response, problemResponse(problem(413, `The request body is larger than the limit of ${pipeline.bodyLimit} bytes.`), { connection: 'close' }));
    return;
  }
  const answer = await pipeline.handle({ method: request.method ?? 'GET', url: request.url ?? '/', headers: nodeHeaders(request.headers), body });
  writeNodeResponse(response, answer);
}

/** Header values by lower-case name; a repeated header's values joined with `, ` (as node:http does). */
export function nodeHeaders(headers: NodeRequest['headers']): Record<string, string> {
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
  for (const [name, value] of Object.entries(answer.headers)) response.setHeader(name, value);
  response.end(answer.body);
}

/** The raw body, or `too-large` as soon as it passes `limit` bytes (declared or actual). Rejects if the client goes away. */
export function readNodeBody(request: NodeRequest, limit: number): Promise<Uint8Array | 'too-large'> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve('too-large');
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    const cleanup = () => {
      request.removeListener('data', onData);
      request.removeListener('end', onEnd);
      request.removeListener('error', onError);
      request.removeListener('close', onClose);
    };
    const onData = (chunk: Uint8Array | string) => {
      const bytes = typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
      size += bytes.byteLength;
      if (size > limit) {
        cleanup();
        resolve('too-large');
      } else chunks.push(bytes);
    };
    const onEnd = () => {
      cleanup();
      const body = new Uint8Array(size);
      let offset = 0;
      for (const chunk of chunks) {
        body.set(chunk, offset);
        offset += chunk.byteLength;
      }
      resolve(body);
    };
    const onError = (error: unknown) => {
      cleanup();
      reject(error);
    };
    const onClose = () => onError(new Error('The client closed the connection before sending the whole body.'));
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onError);
    request.on('close', onClose);
  });
}
