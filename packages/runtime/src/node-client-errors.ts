/**
 * What Node's HTTP parser cannot read, answered as a problem on the socket, for any server that runs on
 * node:http (Fastify's `clientErrorHandler`, a `clientError` listener on @hono/node-server's server): a
 * garbage request line, a header without a colon, a method it does not know, headers over the limit, a
 * body that ends before its content-length, a request that never finishes.
 * @see https://nodejs.org/api/http.html#event-clienterror
 */
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { problem, problemMediaType, type ProblemDetails } from './problem.ts';

export interface ClientError extends Error {
  readonly code?: string;
}

/** Node's parser error codes (llhttp's `HPE_*`) and its timeouts, by what they mean to the client. */
function problemForClientError(error: ClientError): ProblemDetails {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return problem({ status: 431, detail: 'The request line and headers are larger than this server accepts.' });
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return problem({ status: 408, detail: 'The request did not arrive in time.' });
    case 'HPE_INVALID_EOF_STATE':
      return problem({ status: 400, detail: 'The request ended before its body did.' });
    default:
      // An unknown method is a parse error too: llhttp knows the methods it accepts, and refuses the
      // request before its target is read, so there is no route to tell apart from a garbage line.
      return problem({ status: 400, detail: 'The request is not valid HTTP/1.1.' });
  }
}

/** A `clientError` listener of a node:http server: answers `error` as a problem, then closes the connection. */
export function answerClientError(error: ClientError, socket: Socket): void {
  // A reset connection has nobody left to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  // As Node does by default: answer only if no response has started on this connection.
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (socket.writable && inFlight?.headersSent !== true) {
    const details = problemForClientError(error);
    const body = JSON.stringify(details);
    socket.write(`HTTP/1.1 ${details.status} ${STATUS_CODES[details.status]}\r\nContent-Type: ${problemMediaType}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  }
  socket.destroy(error);
}
