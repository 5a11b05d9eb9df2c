/**
 * The docs-redoc template's view: the two documents as the docs publish them (serialized by core's
 * one printer), the page's Content Security Policy and its theme. The templates only print these;
 * `boomerang docs` then builds one HTML page per API named in the generated redocly.yaml.
 */
import { serializeDocument } from '@boomerang/core';
import { contentSecurityPolicy } from './view/content-security-policy.ts';
import { apiDocsDocument, receiverDocsDocument } from './view/docs-document.ts';
import { resolveOptions } from './view/options.ts';
import { themeCss } from './view/theme.ts';

interface Input {
  readonly document: Readonly<Record<string, unknown>>;
  readonly receiverDocument: Readonly<Record<string, unknown>>;
  readonly options: Readonly<Record<string, unknown>>;
}

export const helpers = {};

export function prepare(input: Input) {
  const options = resolveOptions(input.options);
  return {
    apiDocument: serializeDocument(apiDocsDocument(input.document, options), 'json'),
    receiverDocument: serializeDocument(receiverDocsDocument(input.receiverDocument, options), 'json'),
    contentSecurityPolicy: contentSecurityPolicy(options.logo),
    themeCss: themeCss(options.theme),
  };
}
