/**
 * The first read of a definition: does every part have the type `definition.ts` declares for it? A
 * definition written in plain JavaScript (or cast past the type checker) can hold anything anywhere:
 * `operations: null`, `tags: 'billing'`, a method that is a number, a callback list of junk. Every
 * later step relies on the declared types, so this is the one place they are checked: each part of
 * the wrong type, each key the language does not have, is reported here, all of them at once, and a
 * definition with any of them is checked no further (its other errors would be guesses).
 *
 * What this does not check is checked where the value is used, because it is about the value and
 * not its type: a missing title, version, path, responses or callback URL, a method OpenAPI does not
 * know, a schema that is not a Standard Schema (but for a JSON Schema written by hand where a body
 * goes, which would otherwise read as a body with unknown keys).
 */
import { httpMethods } from '../definition.ts';
import { diagnostic, type Diagnostic } from '../diagnostics.ts';
import { closestName } from '../runtime-expression/closest-name.ts';
import { describeValue, firstNonJson, isPlainObject } from './value-kind.ts';

/** Every problem with the shape of `definition`; none when each part has its declared type. */
export function checkDefinitionShape(definition: unknown): Diagnostic[] {
  const out: Diagnostic[] = [];
  apiDefinition(definition, At.root(), out);
  return out;
}

/** Where a value is, as messages name it: `servers[0].url`, `operation GET /a › tags[1]`. */
class At {
  /**
   * `where` is the diagnostic's location; `name` how the message calls the value (its key); `nested`
   * says that `where` is a builder label (`operation GET /a`), whose parts are joined with ` › `;
   * `parent` is the object that holds the value.
   */
  constructor(readonly name: string, readonly where: string, readonly nested: boolean, readonly parent?: At) {}

  static root(): At {
    return new At('definition', 'definition', false);
  }

  key(key: string): At {
    if (this.nested) return new At(key, `${this.where} › ${key}`, true, this);
    return new At(key, this.parent === undefined ? key : `${this.where}.${key}`, false, this);
  }

  index(index: number): At {
    return new At(`${this.name}[${index}]`, `${this.where}[${index}]`, this.nested, this.parent);
  }

  /** A part the builder names itself, `operation GET /a`, `callback c`, `response 200`, and the value's name in messages. */
  label(label: string, name = label): At {
    return new At(name, this.nested ? `${this.where} › ${label}` : label, true, this);
  }
}

/** The object that holds the value at `at`: where the builder's own labels (`response 200`) hang. */
function ownerOf(at: At): At {
  return at.parent ?? at;
}

/** Checks one present value (never `undefined`: absent parts are the caller's to judge). */
type Check = (value: unknown, at: At, out: Diagnostic[]) => void;

interface Field {
  readonly check: Check;
  /** Said when the field is missing; absent for optional fields. */
  readonly required?: { readonly code: 'BMR009' | 'BMR013' | 'BMR075'; readonly hint: string };
}

function wrongType(at: At, expected: string, value: unknown, hint: string, out: Diagnostic[]): void {
  const message = value === undefined ? `\`${at.name}\` is missing: it must be ${expected}.` : `\`${at.name}\` must be ${expected}, not ${describeValue(value)}.`;
  out.push(diagnostic('BMR009', at.where, message, hint));
}

const text = (hint: string): Check => (value, at, out) => {
  if (typeof value !== 'string') wrongType(at, 'a string', value, hint, out);
};

const flag = (hint: string): Check => (value, at, out) => {
  if (typeof value !== 'boolean') wrongType(at, '`true` or `false`', value, hint, out);
};

function listOf(expected: string, item: Check, hint: string): Check {
  return (value, at, out) => {
    if (!Array.isArray(value)) return wrongType(at, expected, value, hint, out);
    // An index loop, not forEach: a hole in a sparse list is a missing item too.
    for (let index = 0; index < value.length; index++) item(value[index], at.index(index), out);
  };
}

function recordOf(expected: string, entry: (value: unknown, at: At, out: Diagnostic[], key: string) => void, hint: string): Check {
  return (value, at, out) => {
    if (!isPlainObject(value)) return wrongType(at, expected, value, hint, out);
    for (const [key, child] of Object.entries(value)) entry(child, at.key(key), out, key);
  };
}

/**
 * A `{ ... }` of known fields (`noun` names it in messages: `a server`); each key it does not know
 * is reported, with the key it probably meant.
 */
function objectOf(noun: string, shape: string, fields: Readonly<Record<string, Field>>, hint: string, extensible = false): Check {
  return (value, at, out) => {
    if (!isPlainObject(value)) return wrongType(at, `${noun} \`${shape}\``, value, hint, out);
    checkFields(value, fields, at, out, noun, {}, extensible);
  };
}

/**
 * `extensible`: the object becomes an OpenAPI object that allows Specification Extensions, so its
 * `x-` keys are passed through (their values must be JSON); any other key it does not know is reported.
 */
function checkFields(value: Readonly<Record<string, unknown>>, fields: Readonly<Record<string, Field>>, at: At, out: Diagnostic[], what: string, keyHints: Readonly<Record<string, string>> = {}, extensible = false): void {
  if (extensible) extensionValues(value, at, out);
  unknownKeys(extensible ? withoutExtensions(value) : value, Object.keys(fields), at, out, what, keyHints);
  for (const [key, field] of Object.entries(fields)) {
    const child = value[key];
    if (child !== undefined) field.check(child, at.key(key), out);
    else if (field.required?.code === 'BMR009') out.push(diagnostic('BMR009', at.key(key).where, `\`${key}\` is missing: ${what} needs it.`, field.required.hint));
    else if (field.required !== undefined) out.push(diagnostic(field.required.code, at.where, `${what} has no \`${key}\`.`, field.required.hint));
  }
}

function withoutExtensions(value: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> {
  return Object.fromEntries(Object.entries(value).filter(([key]) => !key.startsWith('x-')));
}

function extensionValues(value: Readonly<Record<string, unknown>>, at: At, out: Diagnostic[]): void {
  for (const [key, child] of Object.entries(value)) {
    if (!key.startsWith('x-')) continue;
    const found = child === undefined ? { at: '', found: '`undefined`' } : firstNonJson(child);
    if (found === undefined) continue;
    const place = found.at === '' ? '' : ` at \`${found.at}\``;
    out.push(diagnostic('BMR127', at.where, `the extension \`${key}\` is not a JSON value: it holds ${found.found}${place}.`, 'An extension is copied into the document as written: strings, finite numbers, booleans, null, lists and objects.'));
  }
}

function unknownKeys(value: Readonly<Record<string, unknown>>, known: readonly string[], at: At, out: Diagnostic[], what: string, keyHints: Readonly<Record<string, string>>): void {
  for (const key of Object.keys(value)) {
    if (known.includes(key)) continue;
    const close = closestName(key, known);
    const message = `\`${key}\` is not a key of ${what}${close !== undefined ? `; did you mean \`${close}\`?` : '.'}`;
    const hint =
      keyHints[key] ??
      (close !== undefined
        ? `Write \`${close}\`.`
        : key.startsWith('x-')
          ? `OpenAPI allows no extensions (\`x-...\`) on ${what}: put it on the operation, response or other OpenAPI object it describes, or remove it.`
          : `The keys of ${what} are ${known.map((k) => `\`${k}\``).join(', ')}.`);
    out.push(diagnostic('BMR016', at.where, message, hint));
  }
}

/** Schemas are checked where they are converted (a Standard Schema with JSON Schema, or BMR052). */
const schemaSlot: Check = () => {};

/**
 * A schema, as far as its shape tells: a function or an object with `~standard`, or an object of some
 * class (another library's schema). Whether it is a Standard Schema with JSON Schema is for the
 * schema registry to say (BMR052); a `{ ... }` without `~standard` is a body or response object.
 */
function isSchemaLike(value: unknown): boolean {
  if (typeof value === 'function') return true;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return '~standard' in value || !isPlainObject(value);
}

const jsonSchemaKeywords = ['type', 'properties', 'items', '$ref', 'allOf', 'anyOf', 'oneOf', 'enum', 'const', '$schema'];

/**
 * A plain `{ type: 'object', properties }` where a schema or a `{ contentType, schema }` goes is a
 * JSON Schema written by hand; say so, rather than that `type` is not a key of a body.
 */
function handWrittenJsonSchema(value: Readonly<Record<string, unknown>>, known: readonly string[], at: At, out: Diagnostic[]): boolean {
  const keys = Object.keys(value);
  if (keys.length === 0 || keys.some((key) => known.includes(key)) || !keys.some((key) => jsonSchemaKeywords.includes(key))) return false;
  out.push(
    diagnostic('BMR052', at.where, 'this is a JSON Schema object, not a Standard Schema: Boomerang reads schemas through `~standard.jsonSchema`.', 'Write it as a schema, e.g. `z.object({ id: z.string() })` from Zod 4, or with another library that implements Standard JSON Schema.'),
  );
  return true;
}

const example: Check = (value, at, out) => {
  const found = firstNonJson(value);
  if (found === undefined) return;
  const place = found.at === '' ? '' : ` at \`${found.at}\``;
  out.push(
    diagnostic('BMR054', at.where, `the example is not a JSON value: it holds ${found.found}${place}.`, 'An example is what a request or response carries: strings, finite numbers, booleans, null, lists and objects (a date as an ISO string, a big number as a string or a number).'),
  );
};

const externalDocs = objectOf('an external documentation object', '{ url, description }', {
  url: { check: text("Write `externalDocs: { url: 'https://docs.your-company.com' }`."), required: { code: 'BMR009', hint: "Write `externalDocs: { url: 'https://docs.your-company.com', description: 'The guide.' }`." } },
  description: { check: text('The description is text.') },
}, "Write `externalDocs: { url: 'https://docs.your-company.com', description: 'The guide.' }`.", true);

const tagNames = listOf('a list of tag names', text("A tag is named by a string: `tags: ['invoices']`."), "Write `tags: ['invoices']`: the names of tags declared in the API's `tags`.");

const securityRequirements = listOf(
  'a list of security requirements',
  recordOf('a security requirement `{ <scheme>: [<scope>, ...] }`', (value, at, out) => listOf('a list of scope names', text('A scope is named by a string.'), 'Write `[]` for a scheme without scopes, or the scopes it needs: `{ oauth: [\'read\'] }`.')(value, at, out), 'Write `security: [{ bearer: [] }]`: each requirement names the schemes it needs.'),
  'Write `security: [{ bearer: [] }]` (every scheme of one requirement must hold; the list is any-of), or `security: []` for none.',
);

const operationTexts: Readonly<Record<string, Field>> = {
  summary: { check: text("Write `summary: 'Create an invoice'`.") },
  description: { check: text('A description is text (Markdown).') },
  tags: { check: tagNames },
  deprecated: { check: flag('Write `deprecated: true`, or leave it out.') },
  externalDocs: { check: externalDocs },
};

/** A request or response body: a schema (JSON), or `{ contentType, schema, ... }`. */
const bodyFields: Readonly<Record<string, Field>> = {
  contentType: { check: text("Write the media type as a string: `contentType: 'application/json'`.") },
  schema: { check: schemaSlot },
  description: { check: text('A description is text.') },
  required: { check: flag('Write `required: false` for an optional body, or leave it out.') },
  example: { check: example },
  // Lazy: the named examples are declared below.
  examples: { check: (value, at, out) => namedExamples(value, at, out) },
};
const bodyHint = "Give a schema (`body: Invoice`, a JSON body) or `{ contentType: 'text/plain', schema: z.string() }`.";

const body: Check = (value, at, out) => {
  if (isSchemaLike(value)) return;
  if (!isPlainObject(value)) return wrongType(at, 'a schema or `{ contentType, schema, ... }`', value, bodyHint, out);
  if (handWrittenJsonSchema(value, Object.keys(bodyFields), at, out)) return;
  checkFields(value, bodyFields, at, out, 'a body', {}, true);
};

const parameterLocations = ['path', 'query', 'header', 'cookie'];
const parameterHint = "Write `defineParameter({ name: 'limit', in: 'query', schema: z.number().int() })`, or `{ name, in, schema }` in place.";
/** Parameters declared one by one (`request.parameters`, a path's `parameters`). */
const parameterList = listOf(
  'a list of parameters',
  objectOf('a parameter', '{ name, in, schema, ... }', {
    name: { check: text("Write `name: 'limit'`."), required: { code: 'BMR009', hint: parameterHint } },
    in: {
      check: (value, at, out) => {
        if (typeof value !== 'string' || !parameterLocations.includes(value)) wrongType(at, "one of `'path'`, `'query'`, `'header'`, `'cookie'`", value, "Write `in: 'query'`.", out);
      },
      required: { code: 'BMR009', hint: parameterHint },
    },
    schema: { check: schemaSlot, required: { code: 'BMR009', hint: parameterHint } },
    description: { check: text('A description is text.') },
    required: { check: flag('Write `required: true`, or leave it out.') },
    deprecated: { check: flag('Write `deprecated: true`, or leave it out.') },
    example: { check: example },
    // Lazy: the named examples are declared below.
    examples: { check: (value, at, out) => namedExamples(value, at, out) },
    // Which styles a location allows is checked with the parameter's schema, in the build (BMR122).
    style: { check: text("Write the style as a string: `style: 'form'`.") },
    explode: { check: flag('Write `explode: false`, or leave it out.') },
    allowReserved: { check: flag('Write `allowReserved: true`, or leave it out.') },
  }, parameterHint, true),
  `Write \`parameters: [Limit]\`. ${parameterHint}`,
);

// Lazy: `server` is declared with the API's own fields, below.
const servers: Check = (value, at, out) => listOf('a list of servers', server, "Write `servers: [{ url: 'https://api.your-company.com' }]`.")(value, at, out);

const namedExample = objectOf(
  'a named example',
  '{ summary, description, value }',
  {
    summary: { check: text('A summary is text.') },
    description: { check: text('A description is text.') },
    value: { check: example, required: { code: 'BMR009', hint: "Write `{ summary: 'A paid invoice', value: { id: 'inv_1', paid: true } }`." } },
  },
  "Write `examples: { paid: { summary: 'A paid invoice', value: { id: 'inv_1' } } }`.",
  true,
);
const namedExamples = recordOf('an object of named examples', (value, at, out) => namedExample(value, at, out), "Write `examples: { paid: { summary: 'A paid invoice', value: { id: 'inv_1' } } }`.");

function parameterOptions(locations: readonly string[]): Check {
  const option = objectOf(
    'the options of a parameter',
    '{ style, explode, allowReserved, examples }',
    {
      style: { check: text("Write the style as a string: `style: 'form'`.") },
      explode: { check: flag('Write `explode: false`, or leave it out.') },
      allowReserved: { check: flag('Write `allowReserved: true`, or leave it out.') },
      examples: { check: namedExamples },
    },
    "Write `{ style: 'form', explode: false }`.",
    true,
  );
  const byName = recordOf('an object keyed by parameter name', (value, at, out) => option(value, at, out), "Write `query: { tags: { explode: false } }`.");
  return objectOf(
    'the parameter options',
    `{ ${locations.join(', ')} }`,
    Object.fromEntries(locations.map((l) => [l, { check: byName }])),
    "Write `parameterOptions: { query: { tags: { style: 'pipeDelimited' } } }`.",
  );
}

const link = objectOf(
  'a link',
  '{ operationId, operationRef, parameters, requestBody, description, server }',
  {
    operationId: { check: text("Write `operationId: 'getInvoice'`.") },
    operationRef: { check: text('An operationRef is a URI reference to an operation: `https://other.example/openapi.json#/paths/~1a/get`.') },
    parameters: { check: recordOf('an object keyed by parameter name', (value, at, out) => example(value, at, out), "Write `parameters: { id: '$response.body#/id' }`.") },
    requestBody: { check: example },
    description: { check: text('A description is text.') },
    server: { check: (value, at, out) => server(value, at, out) },
  },
  "Write `links: { invoice: { operationId: 'getInvoice', parameters: { id: '$response.body#/id' } } }`.",
  true,
);
const links = recordOf('an object keyed by link name', (value, at, out) => link(value, at, out), "Write `links: { invoice: { operationId: 'getInvoice', parameters: { id: '$response.body#/id' } } }`.");

function request(outgoing: boolean): Check {
  const parts: Record<string, Field> = {
    ...(outgoing ? {} : { params: { check: schemaSlot } }),
    query: { check: schemaSlot },
    headers: { check: schemaSlot },
    cookies: { check: schemaSlot },
    parameters: { check: parameterList },
    body: { check: schemaSlot }, // checked below, where the builder names it
  };
  const what = outgoing ? 'the request of a callback or webhook' : 'a request';
  const keyHints: Readonly<Record<string, string>> = outgoing ? { params: "A callback or webhook is sent to a URL the receiver chose: it has no path parameters of its own. Leave `params` out (a callback URL reads the operation's with `{$request.path.<name>}`)." } : {};
  return (value, at, out) => {
    if (!isPlainObject(value)) return wrongType(at, 'an object `{ query, headers, cookies, body }`', value, 'Write `request: { query: z.object({ ... }), body: Invoice }`.', out);
    checkFields(value, parts, at, out, what, keyHints);
    if (value.body !== undefined) body(value.body, ownerOf(at).label('request body', 'body'), out);
  };
}

const responseFields: Readonly<Record<string, Field>> = {
  description: { check: text("Write `description: 'The invoice was created.'`.") },
  body: { check: schemaSlot }, // checked below, where the builder names it
  headers: { check: schemaSlot },
  links: { check: links },
};

const responses: Check = (value, at, out) => {
  if (!isPlainObject(value)) {
    return wrongType(at, 'an object keyed by status code', value, "Write `responses: { 200: Invoice, 404: { description: 'Not found.' } }`.", out);
  }
  for (const [key, response] of Object.entries(value)) {
    const here = ownerOf(at).label(`response ${key}`, key);
    if (isSchemaLike(response)) continue;
    if (!isPlainObject(response)) {
      wrongType(here, 'a schema (the JSON body) or `{ description, body, headers }`', response, "Write `200: Invoice`, or `204: { description: 'Deleted.' }`.", out);
      continue;
    }
    if (handWrittenJsonSchema(response, Object.keys(responseFields), here, out)) continue;
    checkFields(response, responseFields, here, out, 'a response', {}, true);
    if (response.body !== undefined) body(response.body, here.key('body'), out);
  }
};

/** One method of a callback or a webhook: a request the API sends. */
const outgoingFields: Readonly<Record<string, Field>> = {
  ...operationTexts,
  operationId: { check: text("Write `operationId: 'invoicePaid'`.") },
  request: { check: request(true) },
  parameterOptions: { check: parameterOptions(['query', 'header', 'cookie']) },
  responses: { check: responses },
  security: { check: securityRequirements },
  servers: { check: servers },
};
const outgoingHint = 'Write the request that is sent: `post: { request: { body: Event }, responses: { 200: Ack } }`.';

/** The methods of a callback URL or a webhook, each where the builder names it (`… › POST`). */
function methods(value: Readonly<Record<string, unknown>>, at: At, out: Diagnostic[]): void {
  for (const method of httpMethods) {
    const definition = value[method];
    if (definition === undefined) continue;
    const here = at.label(method.toUpperCase(), method);
    if (!isPlainObject(definition)) wrongType(here, 'an object `{ request, responses, ... }`', definition, outgoingHint, out);
    else checkFields(definition, outgoingFields, here, out, `the \`${method}\` of a callback or webhook`, {}, true);
  }
}

const methodFields = Object.fromEntries(httpMethods.map((m) => [m, { check: schemaSlot }])) as Record<string, Field>;

const callbackFields: Readonly<Record<string, Field>> = {
  url: {
    check: (value, at, out) => {
      if (typeof value !== 'string' && typeof value !== 'function') {
        wrongType(at, 'a builder function or a runtime-expression template string', value, "Write a builder, `url: ({ request }) => ...` returning a template literal, or a template string, `url: '{$request.query.callback_url}/events'`.", out);
      }
    },
  },
  summary: { check: text('A summary is text.') },
  description: { check: text('A description is text.') },
  servers: { check: servers },
  ...methodFields,
};
const callbackHint = "Write `{ url: '{$request.query.callback_url}/events', post: { request: { body: Event }, responses: { 200: Ack } } }`.";

const callbacks: Check = (value, at, out) => {
  if (!isPlainObject(value)) {
    return wrongType(at, 'an object keyed by callback name', value, "Write `callbacks: { invoice_paid: { url: '{$request.query.callback_url}/events', post: {...} } }`.", out);
  }
  for (const [name, entry] of Object.entries(value)) {
    const here = ownerOf(at).label(`callback ${name}`, name);
    const list: readonly unknown[] = Array.isArray(entry) ? entry : [entry];
    for (let index = 0; index < list.length; index++) {
      const definition = list[index];
      // As the builder names them: an index only when the name has several URLs.
      const at = list.length > 1 ? new At(`${name}[${index}]`, `${here.where} [${index}]`, true, here.parent) : here;
      if (!isPlainObject(definition)) {
        wrongType(at, 'a callback `{ url, post: {...} }`', definition, callbackHint, out);
        continue;
      }
      checkFields(definition, callbackFields, at, out, 'a callback', {}, true);
      methods(definition, at, out);
    }
  }
};

const operationFields: Readonly<Record<string, Field>> = {
  method: {
    check: (value, at, out) => {
      if (typeof value !== 'string') wrongType(at, `the name of an HTTP method (${httpMethods.map((m) => `\`${m}\``).join(', ')})`, value, "Write it as a string: `method: 'post'`.", out);
    },
    required: { code: 'BMR013', hint: `Add \`method: 'get'\` (one of ${httpMethods.join(', ')}).` },
  },
  path: { check: text("Write the path as a string: `path: '/invoices/{id}'`.") },
  ...operationTexts,
  operationId: { check: text("Write `operationId: 'createInvoice'`.") },
  request: { check: request(false) },
  parameterOptions: { check: parameterOptions(['path', 'query', 'header', 'cookie']) },
  responses: { check: responses },
  callbacks: { check: callbacks },
  security: { check: securityRequirements },
  servers: { check: servers },
};
const operationHint = "Write each with `operation({ method: 'get', path: '/invoices', responses: { 200: Invoices } })`.";

const operations: Check = (value, at, out) => {
  if (!Array.isArray(value)) return wrongType(at, 'a list of operations', value, `Write \`operations: [operation({ ... })]\`. ${operationHint}`, out);
  for (let index = 0; index < value.length; index++) {
    const op: unknown = value[index];
    if (!isPlainObject(op)) {
      wrongType(at.index(index), 'an operation `{ method, path, responses, ... }`', op, operationHint, out);
      continue;
    }
    // Named as the builder names it when method and path allow; by its place in the list otherwise.
    const label = typeof op.method === 'string' ? `operation ${op.method.toUpperCase()} ${typeof op.path === 'string' && op.path !== '' ? op.path : `#${index}`}` : `operations[${index}]`;
    checkFields(op, operationFields, new At(label, label, true, at), out, 'an operation', {}, true);
  }
};

const webhookFields: Readonly<Record<string, Field>> = {
  summary: { check: text('A summary is text.') },
  description: { check: text('A description is text.') },
  servers: { check: servers },
  ...methodFields,
};
const webhookHint = "Write `webhooks: { 'invoice-paid': { post: { request: { body: InvoicePaid }, responses: { 200: Ack } } } }`, or a list of `{ name: 'invoice-paid', post: {...} }`.";

const webhooks: Check = (value, at, out) => {
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const webhook: unknown = value[index];
      const here = at.index(index);
      if (!isPlainObject(webhook)) {
        wrongType(here, 'a webhook `{ name, post: {...} }`', webhook, webhookHint, out);
        continue;
      }
      const named = typeof webhook.name === 'string' && webhook.name !== '';
      if (!named) wrongType(here.key('name'), 'a non-empty string', webhook.name, "A webhook in a list is named by `name: 'invoice-paid'`.", out);
      const label = named ? new At(`webhook ${webhook.name as string}`, `webhook ${webhook.name as string}`, true, at) : new At(here.name, here.where, true, at);
      checkFields(webhook, { name: { check: () => {} }, ...webhookFields }, label, out, 'a webhook', {}, true);
      methods(webhook, label, out);
    }
    return;
  }
  if (!isPlainObject(value)) return wrongType(at, 'an object keyed by webhook name, or a list of named webhooks', value, webhookHint, out);
  for (const [name, webhook] of Object.entries(value)) {
    const label = new At(name, `webhook ${name}`, true, at);
    if (!isPlainObject(webhook)) {
      wrongType(label, 'a webhook `{ post: {...} }`', webhook, webhookHint, out);
      continue;
    }
    checkFields(webhook, webhookFields, label, out, 'a webhook', { name: 'A webhook under a name already has one: leave `name` out, or give `webhooks` as a list.' }, true);
    methods(webhook, label, out);
  }
};

const infoFields: Readonly<Record<string, Field>> = {
  title: { check: text("Write `title: 'Invoices'`.") },
  version: { check: text("Write the version as a string: `version: '1.0.0'`.") },
  summary: { check: text('A summary is text.') },
  description: { check: text('A description is text (Markdown).') },
  termsOfService: { check: text('The terms of service are a URL.') },
  contact: {
    check: objectOf('a contact', '{ name, url, email }', { name: { check: text('A name is text.') }, url: { check: text('A URL is a string.') }, email: { check: text('An email address is a string.') } }, "Write `contact: { name: 'API team', email: 'api@your-company.com' }`.", true),
  },
  license: {
    check: objectOf(
      'a license',
      '{ name, identifier, url }',
      {
        name: { check: text("Write `name: 'MIT'`."), required: { code: 'BMR009', hint: "Write `license: { name: 'MIT', identifier: 'MIT' }`." } },
        identifier: { check: text("An SPDX identifier is a string: `identifier: 'MIT'`.") },
        url: { check: text('A URL is a string.') },
      },
      "Write `license: { name: 'MIT', identifier: 'MIT' }`.",
      true,
    ),
  },
};

const serverVariable = objectOf(
  'a server variable',
  '{ default, enum, description }',
  {
    default: { check: text("Write `default: 'eu'`."), required: { code: 'BMR009', hint: "A server variable needs its `default`: `{ default: 'eu', enum: ['eu', 'us'] }`." } },
    enum: { check: listOf('a list of strings', text('Each value is a string.'), "Write `enum: ['eu', 'us']`.") },
    description: { check: text('A description is text.') },
  },
  "Write `variables: { region: { default: 'eu', enum: ['eu', 'us'] } }`.",
  true,
);

const server = objectOf(
  'a server',
  '{ url, description, variables }',
  {
    url: { check: text("Write `url: 'https://api.your-company.com'`."), required: { code: 'BMR009', hint: "A server needs its `url`: `{ url: 'https://api.your-company.com' }`." } },
    description: { check: text('A description is text.') },
    variables: { check: recordOf('an object keyed by variable name', (value, at, out) => serverVariable(value, at, out), "Write `variables: { region: { default: 'eu' } }`.") },
  },
  "Write `servers: [{ url: 'https://api.your-company.com', description: 'Production' }]`.",
  true,
);

const tag = objectOf(
  'a tag',
  '{ name, description, externalDocs }',
  {
    name: { check: text("Write `name: 'invoices'`."), required: { code: 'BMR009', hint: "A tag needs its `name`: `{ name: 'invoices', description: 'Invoices.' }`." } },
    description: { check: text('A description is text.') },
    externalDocs: { check: externalDocs },
  },
  "Write `tags: [{ name: 'invoices', description: 'Invoices.' }]`.",
  true,
);

const securitySchemeTypes = ['apiKey', 'http', 'mutualTLS', 'openIdConnect', 'oauth2'] as const;
const componentName = /^[a-zA-Z0-9._-]+$/;
const oauthFlows = ['implicit', 'password', 'clientCredentials', 'authorizationCode'] as const;
/** The URLs each OAuth flow must give (OpenAPI's OAuth Flow Object). */
const flowUrls: Readonly<Record<(typeof oauthFlows)[number], readonly string[]>> = {
  implicit: ['authorizationUrl'],
  password: ['tokenUrl'],
  clientCredentials: ['tokenUrl'],
  authorizationCode: ['authorizationUrl', 'tokenUrl'],
};

function invalidScheme(at: At, message: string, hint: string, out: Diagnostic[]): void {
  out.push(diagnostic('BMR075', at.where, message, hint));
}

const securityScheme = (value: unknown, at: At, out: Diagnostic[], name: string): void => {
  if (!componentName.test(name)) {
    invalidScheme(at, `the name \`${name}\` is not usable as a components/securitySchemes key.`, 'Names may contain only letters, digits, `.`, `-` and `_`.', out);
  }
  if (!isPlainObject(value)) return wrongType(at, 'a security scheme `{ type, ... }`', value, "Write `{ type: 'http', scheme: 'bearer' }`, or `{ type: 'apiKey', in: 'header', name: 'X-API-Key' }`.", out);
  const type = value.type;
  const description = { description: { check: text('A description is text.') } };
  const needs = (key: string, example: string): Field => ({ check: text(`Write \`${key}: ${example}\`.`), required: { code: 'BMR075', hint: `Add \`${key}: ${example}\`.` } });
  switch (type) {
    case 'apiKey':
      checkFields(value, { type: { check: () => {} }, name: needs('name', "'X-API-Key'"), in: needs('in', "'header'"), ...description }, at, out, 'an `apiKey` security scheme', {}, true);
      if (typeof value.in === 'string' && !['query', 'header', 'cookie'].includes(value.in)) {
        invalidScheme(at, `an \`apiKey\` is sent in a query parameter, a header or a cookie, not \`${value.in}\`.`, "Write `in: 'header'`, `in: 'query'` or `in: 'cookie'`.", out);
      }
      return;
    case 'http':
      return checkFields(value, { type: { check: () => {} }, scheme: needs('scheme', "'bearer'"), bearerFormat: { check: text("Write `bearerFormat: 'JWT'`.") }, ...description }, at, out, 'an `http` security scheme', {}, true);
    case 'mutualTLS':
      return checkFields(value, { type: { check: () => {} }, ...description }, at, out, 'a `mutualTLS` security scheme', {}, true);
    case 'openIdConnect':
      return checkFields(value, { type: { check: () => {} }, openIdConnectUrl: needs('openIdConnectUrl', "'https://id.your-company.com/.well-known/openid-configuration'"), ...description }, at, out, 'an `openIdConnect` security scheme', {}, true);
    case 'oauth2':
      return checkFields(value, { type: { check: () => {} }, flows: { check: flows, required: { code: 'BMR075', hint: "Add `flows: { clientCredentials: { tokenUrl: 'https://id.your-company.com/token', scopes: {} } }`." } }, ...description }, at, out, 'an `oauth2` security scheme', {}, true);
  }
  const close = typeof type === 'string' ? closestName(type, securitySchemeTypes) : undefined;
  const known = securitySchemeTypes.map((t) => `\`${t}\``).join(', ');
  invalidScheme(
    at,
    type === undefined ? 'the security scheme has no `type`.' : `\`type\` must be one of ${known}, not ${describeValue(type)}.`,
    close !== undefined ? `Write \`type: '${close}'\`.` : type === 'bearer' || type === 'basic' ? `Write \`{ type: 'http', scheme: '${type}' }\`.` : `Give one of ${known}, e.g. \`{ type: 'http', scheme: 'bearer' }\`.`,
    out,
  );
};

const flows: Check = (value, at, out) => {
  if (!isPlainObject(value)) return wrongType(at, 'an object keyed by OAuth flow', value, "Write `flows: { clientCredentials: { tokenUrl: 'https://id.your-company.com/token', scopes: { read: 'Read.' } } }`.", out);
  extensionValues(value, at, out);
  unknownKeys(withoutExtensions(value), oauthFlows, at, out, 'the OAuth flows', {});
  for (const flow of oauthFlows) {
    const definition = value[flow];
    if (definition === undefined) continue;
    const here = at.key(flow);
    const fields: Record<string, Field> = {
      authorizationUrl: { check: text('A URL is a string.') },
      tokenUrl: { check: text('A URL is a string.') },
      refreshUrl: { check: text('A URL is a string.') },
      scopes: {
        check: recordOf('an object of scope names and their descriptions', (scope, scopeAt, scopeOut) => text("Describe each scope: `scopes: { read: 'Read your invoices.' }`.")(scope, scopeAt, scopeOut), "Write `scopes: { read: 'Read your invoices.' }`, or `scopes: {}`."),
        required: { code: 'BMR075', hint: "Add `scopes: { read: 'Read your invoices.' }`, or `scopes: {}`." },
      },
    };
    if (!isPlainObject(definition)) {
      wrongType(here, 'an OAuth flow `{ tokenUrl, scopes }`', definition, "Write `{ tokenUrl: 'https://id.your-company.com/token', scopes: {} }`.", out);
      continue;
    }
    checkFields(definition, fields, here, out, `the \`${flow}\` flow`, {}, true);
    for (const url of flowUrls[flow]) {
      if (definition[url] === undefined) invalidScheme(here, `the \`${flow}\` flow has no \`${url}\`, which OpenAPI requires of it.`, `Add \`${url}: 'https://id.your-company.com/${url === 'tokenUrl' ? 'token' : 'authorize'}'\`.`, out);
    }
  }
};

const apiFields: Readonly<Record<string, Field>> = {
  info: { check: objectOf('the info object', '{ title, version, ... }', infoFields, "Write `info: { title: 'Invoices', version: '1.0.0' }`.", true) },
  servers: { check: listOf('a list of servers', server, "Write `servers: [{ url: 'https://api.your-company.com' }]`.") },
  tags: { check: listOf('a list of tags', tag, "Write `tags: [{ name: 'invoices', description: 'Invoices.' }]`.") },
  securitySchemes: { check: recordOf('an object keyed by scheme name', securityScheme, "Write `securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } }`.") },
  security: { check: securityRequirements },
  externalDocs: { check: externalDocs },
  operations: { check: operations },
  webhooks: { check: webhooks },
  paths: {
    check: recordOf(
      'an object keyed by path template',
      (value, at, out) => objectOf('a path', '{ parameters }', { parameters: { check: parameterList } }, "Write `'/boards/{boardId}': { parameters: [BoardId] }`.")(value, at, out),
      "Write `paths: { '/boards/{boardId}': { parameters: [BoardId] } }`.",
    ),
  },
};

function apiDefinition(value: unknown, at: At, out: Diagnostic[]): void {
  if (!isPlainObject(value)) {
    return wrongType(at, 'an object `{ info, operations, ... }`', value, "Default-export `defineApi({ info: { title: 'Invoices', version: '1.0.0' }, operations: [...] })`.", out);
  }
  checkFields(value, apiFields, at, out, 'the API definition', {}, true);
}
