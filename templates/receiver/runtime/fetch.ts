/**
 * The fetch API: `(Request) => Promise<Response>`, for Hono, Next.js route handlers, Cloudflare Workers,
 * Bun and Deno. Only Web APIs are used, so it runs wherever those exist.
 */
import { problem } from './problem-details.ts';
import { isPromiseLike, problemResponse, type PipelineCore, type ReceiverResponse } from './pipeline.ts';

export type FetchHandler = (request: Request) => Promise<Response>;

export function fetchHandler(pipeline: PipelineCore): FetchHandler {
  const { respond, bodyLimit } = pipeline;
  return async (request) => {
    const body = await readFetchBody(request, bodyLimit);
    if (body === 'too-large') return toResponse(problemResponse(problem(413, `The request body is larger than the limit of ${bodyLimit} bytes.`)));
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    const answer = respond({ method: request.method, url: request.url, headers, body });
    return toResponse(isPromiseLike(answer) ? await answer : answer);
  };
}

/** The raw body, or `too-large` as soon as it passes `limit` bytes (declared or actual). */
export async function readFetchBody(request: Request, limit: number): Promise<Uint8Array | 'too-large'> {
  const length = request.headers.get('content-length');
  const declared = length === null ? Number.NaN : Number(length);
  if (Number.isFinite(declared) && declared > limit) return 'too-large';
  if (request.body === null) return new Uint8Array(0);
  if (Number.isFinite(declared)) {
    // A declared length within the limit: read at once. A server frames the body by that length, so
    // it is not longer (and the limit is still checked, for a Request built by hand).
    const body = new Uint8Array(await request.arrayBuffer());
    return body.byteLength > limit ? 'too-large' : body;
  }
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return 'too-large';
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0]!;
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

function toResponse(answer: ReceiverResponse): Response {
  const body = answer.body === undefined || answer.status === 204 || answer.status === 304 ? null : (answer.body as string | Uint8Array<ArrayBuffer>);
  return new Response(body, { status: answer.status, headers: answer.headers });
}
