/**
 * The refusals made before a request reaches any route, as RFC 9457 problem details: a URL Fastify's
 * router cannot decode (`frameworkErrors`), and what Node's HTTP parser cannot read — a garbage request
 * line, a header without a colon, a method it does not know, headers over the limit, a body that ends
 * before its content-length, a request that never finishes (`clientErrorHandler`). Both are options
 * of the Fastify factory, so they are given when the server is created, not installed afterwards.
 * @see https://fastify.dev/docs/latest/Reference/Server/#frameworkerrors
 * @see https://nodejs.org/api/http.html#event-clienterror
 */
import { STATUS_CODES, type Server } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyHttpOptions, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { problem, problemContentType, sendProblem, type ProblemDetails } from './problem-details.ts';

/**
 * Spread into the options of `Fastify(...)`; options given after them win. Node's own answer to an
 * HTTP/1.1 request without a Host header is an empty 400, so Node's check is turned off here and
 * `installProblemDetails` makes it, as a problem.
 */
export const problemDetailsServerOptions: Readonly<Pick<FastifyHttpOptions<Server>, 'frameworkErrors' | 'clientErrorHandler' | 'http'>> = {
  frameworkErrors: answerFrameworkError,
  clientErrorHandler: answerClientError,
  http: { requireHostHeader: false },
};

function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  void sendProblem(reply, problemForFrameworkError(error, request));
}

function problemForFrameworkError(error: FastifyError, request: FastifyRequest): ProblemDetails {
  const path = (request.raw.url ?? '').split('?')[0] ?? '';
  switch (error.code) {
    case 'FST_ERR_BAD_URL':
      return problem({ status: 400, detail: `The request URL is not valid: ${JSON.stringify(path)} has a malformed percent-encoding.` });
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return problem({ status: 414, detail: 'A path parameter of the request URL is longer than this server accepts.' });
  }
  request.log.error({ err: error }, 'request failed before routing');
  return problem({ status: 500, title: 'Internal Server Error' });
}

interface ClientError extends Error {
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

function answerClientError(this: FastifyInstance, error: ClientError, socket: Socket): void {
  // A reset connection has nobody left to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  this.log.trace({ err: error }, 'client error');
  // As Node does by default: answer only if no response has started on this connection.
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (socket.writable && inFlight?.headersSent !== true) {
    const details = problemForClientError(error);
    const body = JSON.stringify(details);
    socket.write(
      `HTTP/1.1 ${details.status} ${STATUS_CODES[details.status]}\r\n` +
        `Content-Type: ${problemContentType}; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
