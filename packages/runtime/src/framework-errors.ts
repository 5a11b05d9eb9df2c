/**
 * The refusals made before a request reaches any route, as RFC 9457 problem details: a URL Fastify's
 * router cannot decode (`frameworkErrors`), and what Node's HTTP parser cannot read (`clientErrorHandler`,
 * see `node-client-errors.ts`). Both are options of the Fastify factory, so they are given when the
 * server is created, not installed afterwards.
 * @see https://fastify.dev/docs/latest/Reference/Server/#frameworkerrors
 * @see https://nodejs.org/api/http.html#event-clienterror
 */
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyHttpOptions, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { answerClientError, type ClientError } from './node-client-errors.ts';
import { sendProblem } from './problem-details.ts';
import { malformedUrlProblem, problem, type ProblemDetails } from './problem.ts';

/**
 * Spread into the options of `Fastify(...)`; options given after them win. Node's own answer to an
 * HTTP/1.1 request without a Host header is an empty 400, so Node's check is turned off here and
 * `installProblemDetails` makes it, as a problem.
 */
export const problemDetailsServerOptions: Readonly<Pick<FastifyHttpOptions<Server>, 'frameworkErrors' | 'clientErrorHandler' | 'http'>> = {
  frameworkErrors: answerFrameworkError,
  clientErrorHandler: answerFastifyClientError,
  http: { requireHostHeader: false },
};

function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  void sendProblem(reply, problemForFrameworkError(error, request));
}

function problemForFrameworkError(error: FastifyError, request: FastifyRequest): ProblemDetails {
  const path = (request.raw.url ?? '').split('?')[0] ?? '';
  switch (error.code) {
    case 'FST_ERR_BAD_URL':
      return malformedUrlProblem(path);
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return problem({ status: 414, detail: 'A path parameter of the request URL is longer than this server accepts.' });
  }
  request.log.error({ err: error }, 'request failed before routing');
  return problem({ status: 500, title: 'Internal Server Error' });
}

function answerFastifyClientError(this: FastifyInstance, error: ClientError, socket: Socket): void {
  if (error.code !== 'ECONNRESET' && !socket.destroyed) this.log.trace({ err: error }, 'client error');
  answerClientError(error, socket);
}
