/**
 * Fastify's side of a request's content: the `onRequest` hook that checks it before it is read
 * (`request-content-check.ts`: 415 for a media type the operation does not take, 400 for a missing
 * body), and the parsers for the media types an API declares (`request-body.ts`: JSON, form fields,
 * text, bytes), both rules shared by every server target.
 */
import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify';
import { bodyKind, mediaTypeEssence } from './media-type.ts';
import { ProblemError } from './problem.ts';
import { parseFormFields, parseJsonBody, parseRequestBody, type JsonPoisoning } from './request-body.ts';
import { compileContentCheck, hasRequestContent, type RequestBodySpec } from './request-content-check.ts';

export type { RequestBodySpec };

/** An `onRequest` hook for the operation `label` (`POST /invoices`): see `compileContentCheck`. */
export function checkRequestContent(label: string, body: RequestBodySpec | undefined): onRequestHookHandler {
  const check = compileContentCheck(label, body);
  return (request, _reply, done) => {
    const { headers } = request;
    done(check(headers['content-type'], hasRequestContent(headers['content-length'], headers['transfer-encoding'])));
  };
}

type Done = (error: Error | null, value?: unknown) => void;

/**
 * Parsers for the media types an API declares, each by what it is (see `bodyKind`): JSON (`application/json`,
 * `+json`), form fields, text (`text/*`) and anything else as bytes (a Buffer); a declared range
 * (`image/*`) parses each request by its own media type. Content that reaches no parser is empty (it
 * went past `checkRequestContent`), so a catch-all gives it no body.
 */
export function installBodyParsers(app: FastifyInstance, mediaTypes: readonly string[]): void {
  const { onProtoPoisoning = 'error', onConstructorPoisoning = 'error' } = app.initialConfig;
  const poisoning: JsonPoisoning = { protoAction: onProtoPoisoning, constructorAction: onConstructorPoisoning };
  const parseJson = (_request: FastifyRequest, body: string | Buffer, done: Done) => parse(done, () => parseJsonBody(String(body), poisoning));
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, parseJson);
  const declared = [...new Set(mediaTypes.map((m) => mediaTypeEssence(m) ?? m))].sort();
  for (const mediaType of declared) {
    if (mediaType === 'application/json' || mediaType === 'text/plain' || mediaType === '*/*') continue;
    if (mediaType.endsWith('/*')) {
      const prefix = mediaType.slice(0, -1).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      app.addContentTypeParser(new RegExp(`^${prefix}`, 'i'), { parseAs: 'buffer' }, (request, body, done) =>
        parse(done, () => parseRequestBody(mediaTypeEssence(request.headers['content-type'] ?? '') ?? '', body as Buffer, poisoning)),
      );
      continue;
    }
    switch (bodyKind(mediaType)) {
      case 'json':
        app.addContentTypeParser(mediaType, { parseAs: 'string' }, parseJson);
        break;
      case 'form':
        app.addContentTypeParser(mediaType, { parseAs: 'string' }, (_request, body, done) => done(null, parseFormFields(String(body))));
        break;
      case 'text':
        app.addContentTypeParser(mediaType, { parseAs: 'string' }, (_request, body, done) => done(null, body));
        break;
      case 'bytes':
        app.addContentTypeParser(mediaType, { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    }
  }
  const anything = declared.includes('*/*');
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => {
    if (body.length === 0) return done(null, undefined);
    if (anything) return done(null, body);
    done(new ProblemError({ status: 415, detail: 'The request body has a media type this server does not take.' }));
  });
}

function parse(done: Done, run: () => unknown): void {
  let value: unknown;
  try {
    value = run();
  } catch (error) {
    return done(error as Error);
  }
  done(null, value);
}
