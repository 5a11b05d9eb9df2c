/**
 * Express (4 and 5): `app.use('/events', expressMiddleware(receiver))`. Mount it BEFORE `express.json()`
 * (or any parser that reads its requests): the signature is over the raw bytes, which a JSON parser
 * consumes. A body that `express.raw()` already read into a Buffer is used as it is.
 */
import { problem } from './problem-details.ts';
import { answerNode, readNodeBody, writeNodeResponse, type NodeRequest, type NodeResponse } from './node.ts';
import { problemResponse } from './pipeline.ts';
import type { Receiver } from './receiver.ts';

/** What the middleware needs of an Express request. */
export interface ExpressRequest extends NodeRequest {
  readonly body?: unknown;
  readonly readableEnded?: boolean;
}

export type ExpressMiddleware = (request: ExpressRequest, response: NodeResponse, next: (error?: unknown) => void) => void;

export function expressMiddleware(receiver: Receiver): ExpressMiddleware {
  return (request, response, next) => {
    serve(receiver, request, response).catch(next);
  };
}

async function serve(receiver: Receiver, request: ExpressRequest, response: NodeResponse): Promise<void> {
  if (request.body instanceof Uint8Array) return answerNode(receiver, request, response, request.body.byteLength > receiver.bodyLimit ? 'too-large' : request.body);
  if (request.readableEnded === true) {
    const detail = 'The request body was read by another body parser (such as express.json()) before the receiver, so its signature cannot be checked. Mount the receiver before it, or use express.raw({ type: "*/*" }) on the receiver\'s path.';
    receiver.reportError(new Error(detail), { stage: 'adapter' });
    return writeNodeResponse(response, problemResponse(problem(500, detail)));
  }
  let body: Uint8Array | 'too-large';
  try {
    body = await readNodeBody(request, receiver.bodyLimit);
  } catch {
    return; // the client went away
  }
  return answerNode(receiver, request, response, body);
}
