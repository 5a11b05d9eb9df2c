/**
 * The client's view: one method per operation of the API (named by its operationId in camelCase), its
 * types (index types into openapi-typescript's output for the API document, `api-types.ts`), its
 * run-time spec (client-runtime.ts sends it), the option that fills the request field a callback's URL
 * expression starts from, and the README's round trip.
 * @see https://spec.openapis.org/oas/v3.1.0#operation-object
 * @see https://spec.openapis.org/oas/v3.1.0#security-scheme-object
 */
import { CodegenError } from '@boomerang/codegen';
import { camelWords, styledParameters, type ApiModel, type BodyModel, type OperationModel, type ParameterModel, type SecuritySchemeDefinition } from '@boomerang/core';
import { exampleBase, jsLiteral } from './readme.ts';
import { exampleOf } from './schema-example.ts';

type BodyFormat = 'json' | 'form' | 'text' | 'bytes' | 'multipart';

/** What a call's options hold besides callback URLs; a callback option must not take one of these names. */
const callOptionNames = new Set(['params', 'query', 'headers', 'signal', 'timeoutMs', 'idempotencyKey']);
const identifier = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Names client.ts exports (through index.ts); a schema alias must not take one. */
export const clientExportNames = ['createClient', 'Client', 'ClientOptions', 'ClientAuth', 'ClientBodies', 'ClientRequestOptions', 'ClientResponses', 'ClientResponse', 'ClientCallOptions', 'ClientError', 'ClientErrorReason', 'RetryOptions', 'ApiComponents', 'ApiOperations', 'ApiPaths'];

export interface CallbackOption {
  readonly option: string;
  readonly in: 'body' | 'query' | 'header';
  readonly name?: string;
  readonly pointer?: readonly string[];
  readonly callbacks: string[];
}

export function clientView(model: ApiModel) {
  const names = methodNames(model.operations);
  const schemes = securitySchemes(model.securitySchemes);
  const defaultBaseUrl = model.servers.map((s) => s.url).find((url) => /^https?:\/\/[^{}]*$/i.test(url));
  const methods = model.operations.map((op, index) => methodView(op, names[index]!, model, schemes));
  const auth = Object.entries(schemes).map(([name, s]) => ({ prop: prop(name), doc: s.doc, type: s.spec.type === 'basic' ? 'BasicCredential' : 'Credential' }));
  // Only the names the types use: the package's consumers may compile it with noUnusedLocals.
  const typeText = [...methods.flatMap((m) => [m.bodyType ?? '', m.optionsType, m.responseType]), ...auth.map((a) => a.type)].join('\n');
  const used = (name: string) => new RegExp(`\\b${name}\\b`).test(typeText);
  const runtimeTypes = ['BasicCredential', 'Credential', 'ClientResponse', 'HttpStatus', 'StatusClass', 'WithOptional'].filter(used);
  return {
    runtimeImport: `import { createClientFromSpec, ${['ClientCallOptions', 'ClientSettings', 'ClientSpec', ...runtimeTypes].sort().map((n) => `type ${n}`).join(', ')} } from './client-runtime.ts';`,
    usesProblemDetails: used('ProblemDetails'),
    defaultBaseUrl: defaultBaseUrl ?? null,
    optionsArgument: defaultBaseUrl === undefined ? 'options: ClientOptions' : 'options: ClientOptions = {}',
    baseUrlDoc: defaultBaseUrl === undefined ? 'The API\'s base URL, e.g. `https://api.example.com/v1`.' : `The API's base URL (default \`${defaultBaseUrl}\`, its first server).`,
    baseUrlOptional: defaultBaseUrl === undefined ? '' : '?',
    auth,
    hasAuth: Object.keys(schemes).length > 0,
    methods,
    spec: specLiteral(defaultBaseUrl, schemes, methods),
    readme: readmeView(model, methods, defaultBaseUrl),
  };
}

/** camelCase of each operationId; two operations whose names meet are a generation error, not a silent overwrite. */
function methodNames(operations: readonly OperationModel[]): string[] {
  const seen = new Map<string, string>();
  const clashes: string[] = [];
  const names = operations.map((op) => {
    let name = camelWords(op.operationId) || 'call';
    if (!/^[A-Za-z_$]/.test(name)) name = `_${name}`;
    const other = seen.get(name);
    if (other !== undefined) clashes.push(`\`${other}\` and \`${op.operationId}\` both become ${name}()`);
    else seen.set(name, op.operationId);
    return name;
  });
  if (clashes.length > 0) {
    throw new CodegenError(`the client cannot name one method per operation: ${clashes.join('; ')}.`, 'The client names each method by its operationId in camelCase: give the operations operationIds that differ in more than case and punctuation.');
  }
  return names;
}

export interface SchemeView {
  readonly spec: { type: 'bearer' } | { type: 'basic' } | { type: 'http'; scheme: string } | { type: 'apiKey'; in: 'header' | 'query' | 'cookie'; name: string };
  readonly doc: string;
}

/** The schemes a fetch client can satisfy with a value; mutual TLS is the transport's business, not a header's. */
function securitySchemes(definitions: ApiModel['securitySchemes']): Record<string, SchemeView> {
  const out: Record<string, SchemeView> = {};
  for (const name of Object.keys(definitions).sort()) {
    const s: SecuritySchemeDefinition = definitions[name]!;
    const about = s.description ? ` ${s.description.replace(/\*\//g, '*\\/').replace(/\n/g, ' ')}` : '';
    if (s.type === 'http' && s.scheme.toLowerCase() === 'bearer') out[name] = { spec: { type: 'bearer' }, doc: `A bearer token, sent as \`Authorization: Bearer <token>\`.${about}` };
    else if (s.type === 'http' && s.scheme.toLowerCase() === 'basic') out[name] = { spec: { type: 'basic' }, doc: `A user name and password, sent as \`Authorization: Basic …\`.${about}` };
    else if (s.type === 'http') out[name] = { spec: { type: 'http', scheme: s.scheme }, doc: `Sent as \`Authorization: ${s.scheme} <value>\`.${about}` };
    else if (s.type === 'apiKey') out[name] = { spec: { type: 'apiKey', in: s.in, name: s.name }, doc: `An API key, sent in the \`${s.name}\` ${s.in === 'header' ? 'header' : s.in === 'query' ? 'query parameter' : 'cookie'}.${about}` };
    else if (s.type === 'oauth2' || s.type === 'openIdConnect') out[name] = { spec: { type: 'bearer' }, doc: `An ${s.type === 'oauth2' ? 'OAuth 2.0' : 'OpenID Connect'} access token, sent as \`Authorization: Bearer <token>\` (get it from the provider yourself; a function is asked before each request).${about}` };
  }
  return out;
}

/** The media type of a content type, lower case and without parameters. */
export function mediaType(contentType: string): string {
  return contentType.split(';')[0]!.trim().toLowerCase();
}

function bodyFormat(contentType: string): BodyFormat {
  const type = mediaType(contentType);
  if (type === 'application/json' || type.endsWith('+json')) return 'json';
  if (type === 'application/x-www-form-urlencoded') return 'form';
  if (type === 'multipart/form-data') return 'multipart';
  if (type.startsWith('text/')) return 'text';
  return 'bytes';
}

/**
 * The options that fill the request field a callback URL starts from: `{$request.query.callback_url}/…`
 * gives `callbackUrl`, which the client puts in the `callback_url` query parameter.
 */
function callbackOptions(op: OperationModel, format: BodyFormat | undefined): CallbackOption[] {
  const options: CallbackOption[] = [];
  const taken = new Set(callOptionNames);
  for (const callback of op.callbacks) {
    for (const url of callback.urls) {
      const first = url.template.parts[0];
      if (first?.type !== 'expression' || !('source' in first.expression) || first.expression.source !== 'request') continue;
      const e = first.expression;
      let field: Omit<CallbackOption, 'option' | 'callbacks'>;
      if (e.type === 'query' || e.type === 'header') field = { in: e.type, name: e.name };
      else if (e.type === 'body' && e.pointer !== undefined && e.pointer.length > 0 && (format === 'json' || format === 'form')) field = { in: 'body', pointer: e.pointer };
      else continue;
      const same = options.find((o) => o.in === field.in && (o.in === 'header' ? o.name?.toLowerCase() === field.name?.toLowerCase() : o.name === field.name) && o.pointer?.join('/') === field.pointer?.join('/'));
      if (same) {
        if (!same.callbacks.includes(callback.name)) same.callbacks.push(callback.name);
        continue;
      }
      let option = camelWords(field.name ?? field.pointer!.join('_'));
      if (!identifier.test(option) || taken.has(option)) option = camelWords(`${callback.name}_url`);
      for (let n = 2; !identifier.test(option) || taken.has(option); n++) option = `${camelWords(`${callback.name}_url`) || 'callbackUrl'}${n}`;
      taken.add(option);
      options.push({ ...field, option, callbacks: [callback.name] });
    }
  }
  return options;
}

function methodView(op: OperationModel, name: string, model: ApiModel, schemes: Record<string, SchemeView>) {
  const ref = `operations[${JSON.stringify(op.operationId)}]`;
  const body = op.requestBody;
  const format = body ? bodyFormat(body.contentType) : undefined;
  const callbacks = callbackOptions(op, format);
  const filled = (where: 'query' | 'header') => new Set(callbacks.filter((c) => c.in === where).map((c) => (where === 'header' ? c.name!.toLowerCase() : c.name!)));
  const params = (where: 'path' | 'query' | 'header') => op.parameters.filter((p) => p.in === where);
  const needed = (list: readonly ParameterModel[], skip: Set<string>, lower: boolean) => list.some((p) => p.required && !skip.has(lower ? p.name.toLowerCase() : p.name));
  const optionalKeys = (type: string, keys: readonly string[]) => (keys.length === 0 ? type : `WithOptional<${type}, ${keys.map((k) => JSON.stringify(k)).join(' | ')}>`);

  const fields: string[] = [];
  const pathParams = params('path');
  if (pathParams.length > 0) fields.push(`readonly params: ${ref}["parameters"]["path"]`);
  const query = params('query');
  const queryFilled = filled('query');
  if (query.length > 0) {
    const keys = query.filter((p) => p.required && queryFilled.has(p.name)).map((p) => p.name);
    fields.push(`readonly query${needed(query, queryFilled, false) ? '' : '?'}: ${optionalKeys(`NonNullable<${ref}["parameters"]["query"]>`, keys)}`);
  }
  const headers = params('header');
  const headersFilled = filled('header');
  if (headers.length > 0) {
    const keys = headers.filter((p) => p.required && headersFilled.has(p.name.toLowerCase())).map((p) => p.name);
    fields.push(`readonly headers${needed(headers, headersFilled, true) ? '' : '?'}: ${optionalKeys(`NonNullable<${ref}["parameters"]["header"]>`, keys)}`);
  }
  for (const c of callbacks) fields.push(`/** The base URL of your receiver for ${c.callbacks.map((n) => `\`${n}\``).join(', ')}: sent as ${c.in === 'body' ? `\`${c.pointer!.join('.')}\` in the body` : `the \`${c.name}\` ${c.in === 'query' ? 'query parameter' : 'header'}`}. */\n  readonly ${c.option}?: string`);
  const optionsRequired = pathParams.length > 0 || needed(query, queryFilled, false) || needed(headers, headersFilled, true);
  const optionsType = fields.length > 0 ? `ClientCallOptions & {\n${fields.map((f) => `  ${f};`).join('\n')}\n}` : 'ClientCallOptions';

  let bodyType: string | undefined;
  if (body) {
    const content = `${body.required ? `${ref}["requestBody"]` : `NonNullable<${ref}["requestBody"]>`}["content"][${JSON.stringify(body.contentType)}]`;
    const topLevel = callbacks.filter((c) => c.in === 'body' && c.pointer!.length === 1).map((c) => c.pointer![0]!);
    bodyType =
      format === 'json' || format === 'form'
        ? body.schema === undefined ? 'unknown' : optionalKeys(content, topLevel)
        : format === 'text' ? 'string' : format === 'multipart' ? 'FormData' : 'Blob | ArrayBuffer | Uint8Array';
  }
  const bodyArg = body ? `body${!body.required && !optionsRequired ? '?' : ''}: ClientBodies[${JSON.stringify(name)}]${!body.required && optionsRequired ? ' | undefined' : ''}, ` : '';
  const signature = `${name}(${bodyArg}options${optionsRequired ? '' : '?'}: ClientRequestOptions[${JSON.stringify(name)}]): Promise<ClientResponses[${JSON.stringify(name)}]>`;

  const security = [...new Set((op.security ?? model.security ?? []).flatMap((requirement) => Object.keys(requirement)))].filter((s) => schemes[s] !== undefined);
  // Written as the server parses them: the same list the server targets get (`styledParameters`).
  const styles = Object.fromEntries((['path', 'query', 'header'] as const).flatMap((where) => {
    const list = styledParameters(params(where), model.schemas);
    return list.length > 0 ? [[where, list] as const] : [];
  }));
  return {
    name,
    operationId: op.operationId,
    method: op.method.toUpperCase(),
    path: op.path,
    doc: docComment(op, callbacks),
    signature,
    bodyType: bodyType ?? null,
    optionsType,
    responseType: responseUnion(op, ref),
    hasBody: body !== undefined,
    callbacks,
    spec: {
      method: op.method.toUpperCase(),
      path: op.path,
      ...(body ? { body: { contentType: body.contentType, format: format! } } : {}),
      responses: op.responses.map((r) => r.status),
      security,
      callbacks: callbacks.map(({ callbacks: _, ...c }) => c),
      ...(Object.keys(styles).length > 0 ? { styles } : {}),
    },
    example: callExample(op, name, body, callbacks, model),
  };
}

/** `ClientResponse<200, …> | ClientResponse<400, …>`: `2XX` is the class's statuses but the documented ones, `default` every status but those. */
function responseUnion(op: OperationModel, ref: string): string {
  const exact = op.responses.filter((r) => /^\d+$/.test(r.status)).map((r) => r.status);
  const classes = op.responses.filter((r) => /^[1-5]XX$/i.test(r.status)).map((r) => r.status[0]!);
  const members = op.responses.map((r) => {
    let status: string;
    if (/^\d+$/.test(r.status)) status = r.status;
    else if (/^[1-5]XX$/i.test(r.status)) {
      const inClass = exact.filter((s) => s[0] === r.status[0]);
      status = inClass.length > 0 ? `Exclude<StatusClass<${r.status[0]}>, ${inClass.join(' | ')}>` : `StatusClass<${r.status[0]}>`;
    } else {
      const known = [...exact, ...classes.map((c) => `StatusClass<${c}>`)];
      status = known.length > 0 ? `Exclude<HttpStatus, ${known.join(' | ')}>` : 'HttpStatus';
    }
    return `ClientResponse<${status}, ${responseBodyType(r.body, `${ref}["responses"][${/^\d+$/.test(r.status) ? r.status : JSON.stringify(r.status)}]`)}>`;
  });
  return members.length > 0 ? members.map((m) => `\n    | ${m}`).join('') : 'never';
}

function responseBodyType(body: BodyModel | undefined, ref: string): string {
  if (body === undefined) return 'undefined';
  const format = bodyFormat(body.contentType);
  if (format === 'json') return body.schema === undefined ? (mediaType(body.contentType) === 'application/problem+json' ? 'ProblemDetails' : 'unknown') : `${ref}["content"][${JSON.stringify(body.contentType)}]`;
  if (format === 'text' || format === 'form') return 'string';
  return 'Uint8Array';
}

function docComment(op: OperationModel, callbacks: readonly CallbackOption[]): string {
  const lines = [
    `\`${op.method.toUpperCase()} ${op.path}\`${op.summary ? `: ${op.summary}` : ''}.${op.deprecated ? ' Deprecated.' : ''}`,
    ...(op.description ? ['', ...op.description.split('\n')] : []),
    '',
    `Answers ${op.responses.map((r) => `${r.status} (${r.description.replace(/\.$/, '')})`).join(', ')}.`,
    ...callbacks.map((c) => `Give \`${c.option}\` (your receiver's base URL) and ${c.callbacks.map((n) => `\`${n}\``).join(', ')} will be sent there.`),
    ...(op.deprecated ? ['@deprecated'] : []),
  ];
  return `/**\n${lines.map((l) => `   *${l ? ` ${l.replace(/\*\//g, '*\\/')}` : ''}`).join('\n')}\n   */`;
}

/** The run-time spec, printed once, in operation order (client-runtime.ts reads it). */
function specLiteral(defaultBaseUrl: string | undefined, schemes: Record<string, SchemeView>, methods: readonly ReturnType<typeof methodView>[]): string {
  const lines = [
    ...(defaultBaseUrl !== undefined ? [`  defaultBaseUrl: ${JSON.stringify(defaultBaseUrl)},`] : []),
    `  securitySchemes: {${Object.keys(schemes).length > 0 ? `\n${Object.entries(schemes).map(([n, s]) => `    ${prop(n)}: ${JSON.stringify(s.spec)},`).join('\n')}\n  ` : ''}},`,
    '  operations: {',
    ...methods.map((m) => `    ${m.name}: ${JSON.stringify(m.spec)},`),
    '  },',
  ];
  return `{\n${lines.join('\n')}\n}`;
}

function prop(name: string): string {
  return identifier.test(name) ? name : JSON.stringify(name);
}

/** A call with example values: the body from its schema, each required parameter, the callback URL. */
function callExample(op: OperationModel, name: string, body: BodyModel | undefined, callbacks: readonly CallbackOption[], model: ApiModel) {
  const value = (p: ParameterModel) => (p.example !== undefined ? p.example : exampleOf(p.schema, model.schemas));
  const group = (where: 'path' | 'query' | 'header') => {
    const skip = new Set(callbacks.filter((c) => c.in === where).map((c) => c.name));
    const list = op.parameters.filter((p) => p.in === where && p.required && !skip.has(p.name));
    return list.length > 0 ? Object.fromEntries(list.map((p) => [p.name, value(p)])) : undefined;
  };
  const options: string[] = [];
  const params = group('path');
  const query = group('query');
  const headers = group('header');
  if (params) options.push(`params: ${jsLiteral(params)}`);
  if (query) options.push(`query: ${jsLiteral(query)}`);
  if (headers) options.push(`headers: ${jsLiteral(headers)}`);
  for (const c of callbacks) options.push(`${c.option}: ${jsLiteral(exampleBase)}`);
  const args: string[] = [];
  if (body) {
    const format = bodyFormat(body.contentType);
    let example: unknown = body.example !== undefined ? body.example : body.schema !== undefined ? exampleOf(body.schema, model.schemas) : undefined;
    if (typeof example === 'object' && example !== null && !Array.isArray(example)) {
      // The callback option fills these fields: the example leaves them to it.
      const filled = new Set(callbacks.filter((c) => c.in === 'body' && c.pointer!.length === 1).map((c) => c.pointer![0]!));
      example = Object.fromEntries(Object.entries(example).filter(([k]) => !filled.has(k)));
    }
    args.push(format === 'json' || format === 'form' ? jsLiteral(example ?? {}) : format === 'text' ? jsLiteral(typeof example === 'string' ? example : 'example') : format === 'multipart' ? 'new FormData()' : 'new Uint8Array([1, 2, 3])');
  }
  if (options.length > 0) args.push(`{ ${options.join(', ')} }`);
  const success = op.responses.find((r) => r.status.startsWith('2'));
  const successStatus = success === undefined ? undefined : /^\d+$/.test(success.status) ? success.status : undefined;
  return { call: `client.${name}(${args.join(', ')})`, successStatus: successStatus ?? null, successHasBody: success?.body !== undefined };
}

function readmeView(model: ApiModel, methods: readonly ReturnType<typeof methodView>[], defaultBaseUrl: string | undefined) {
  const featured = methods.find((m) => m.callbacks.length > 0) ?? methods[0];
  const options = [`baseUrl: ${jsLiteral(defaultBaseUrl ?? model.servers[0]?.url ?? 'https://api.example.com')}`];
  const schemes = Object.keys(model.securitySchemes).sort();
  if (schemes.length > 0) options.push(`auth: { ${prop(schemes[0]!)}: process.env.API_TOKEN! }`);
  return {
    any: methods.length > 0,
    featured: featured
      ? {
          name: featured.name,
          call: featured.example.call,
          successStatus: featured.example.successStatus,
          successHasBody: featured.example.successHasBody,
          callbacks: featured.callbacks.flatMap((c) => c.callbacks),
          hasCallbacks: featured.callbacks.length > 0,
        }
      : null,
    clientOptions: options.join(', '),
    methods: methods.map((m) => ({ name: m.name, method: m.method, path: m.path, responses: m.spec.responses.join(', '), callbackOptions: m.callbacks.map((c) => `\`${c.option}\``).join(', ') })),
  };
}
