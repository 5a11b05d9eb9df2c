/**
 * Express (4 and 5): `app.use('/events', expressMiddleware(receiver))`. Mount it BEFORE `express.json()`
 * (or any parser that reads its requests): the signature is over the raw bytes, which a JSON parser
 * consumes. A body that `express.raw()` already read into a Buffer is used as it is.
 */
import { problem } from './problem-details.ts';
import { answerNode, readNodeBody, writeNodeResponse, type NodeRequest, type NodeResponse, type Respond } from './node.ts';
import { problemResponse } from './pipeline.ts';
import type { Receiver } from './receiver.ts';

/** What the middleware needs of an Express request. */
export interface ExpressRequest extends NodeRequest {
  readonly body?: unknown;
  readonly readableEnded?: boolean;
}

export type ExpressMiddleware = (request: ExpressRequest, response: NodeResponse, next: (error?: unknown) => void) => void;

export function expressMiddleware(receiver: Receiver): ExpressMiddleware {
  const { handle, bodyLimit } = receiver;
  return (request, response, next) => {
    try {
      serve(receiver, handle, bodyLimit, request, response, next);
    } catch (error) {
      next(error);
    }
  };
}

/** Express needs no word once the answer is written. */
const written = () => undefined;

/** Answers the request; `failed` gets what writing the answer threw (Express's `next`). */
function serve(receiver: Receiver, respond: Respond, bodyLimit: number, request: ExpressRequest, response: NodeResponse, failed: (error: unknown) => void): void {
  if (request.body instanceof Uint8Array) return answerNode(respond, bodyLimit, request, response, request.body.byteLength > bodyLimit ? 'too-large' : request.body, written, failed);
  if (request.readableEnded === true) {
    const detail = 'The request body was read by another body parser (such as express.json()) before the receiver, so its signature cannot be checked. Mount the receiver before it, or use express.raw({ type: "*/*" }) on the receiver\'s path.';
    receiver.reportError(new Error(detail), { stage: 'adapter' });
    return writeNodeResponse(response, problemResponse(problem(500, detail)));
  }
  readNodeBody(request, bodyLimit, (body) => {
    if (body !== undefined) answerNode(respond, bodyLimit, request, response, body, written, failed); // else the client went away
  });
}
