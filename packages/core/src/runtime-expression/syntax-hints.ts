/**
 * The catalogue of common runtime-expression mistakes (FastAPI's `{$callback_url}`, dotted body access,
 * wrong source names, case slips) and the valid form to write instead.
 * @see https://spec.openapis.org/oas/v3.1.0#runtime-expressions
 */
import type { ExpressionSource } from './ast.ts';
import { closestName } from './closest-name.ts';
import { encodeJsonPointer, escapeLoneTildes } from './json-pointer.ts';

/** What the parser lends the catalogue to phrase hints. */
export interface HintContext {
  /** How a hint shows an expression: inside `{}` for a template, bare otherwise. */
  readonly show: (expression: string) => string;
  /** Whether a parse of the whole input is of a single expression (not a template). */
  readonly bare: boolean;
  /** Parses a candidate correction: valid, or the hint its own parse would give. */
  readonly check: (expression: string) => { readonly valid: boolean; readonly hint?: string | undefined };
}

/** A diagnosed mistake; `at` is an offset in the expression text. */
export interface Mistake {
  readonly message: string;
  readonly at: number;
  readonly hint?: string | undefined;
}

type Target = 'header' | 'query' | 'path' | 'body' | 'cookie' | 'url' | 'method' | 'statusCode';

/** Names people use for a runtime-expression source or keyword, normalized by `normalize`. */
const ALIAS_TABLE: Readonly<Record<string, Target>> = {
  header: 'header', headers: 'header',
  query: 'query', queries: 'query', querystring: 'query', queryparams: 'query', queryparam: 'query',
  search: 'query', searchparams: 'query', args: 'query',
  path: 'path', paths: 'path', params: 'path', param: 'path', parameters: 'path', pathparams: 'path',
  pathparam: 'path', route: 'path', routeparams: 'path',
  body: 'body', json: 'body', data: 'body', payload: 'body', content: 'body',
  cookie: 'cookie', cookies: 'cookie',
  url: 'url', uri: 'url', method: 'method', verb: 'method',
  status: 'statusCode', statuscode: 'statusCode', code: 'statusCode', httpstatus: 'statusCode',
  responsestatus: 'statusCode', responsestatuscode: 'statusCode', responsecode: 'statusCode',
};

// A Map, so that words like `constructor` find nothing on Object.prototype.
const ALIASES: ReadonlyMap<string, Target> = new Map(Object.entries(ALIAS_TABLE));

const SOURCES = ['header', 'query', 'path', 'body'] as const;
const KEYWORDS = ['url', 'method', 'statusCode', 'request', 'response'] as const;

function normalize(word: string): string {
  return word.toLowerCase().replace(/[-_]/g, '');
}

/** Hint text for a candidate: "write X" when it is valid, else the candidate's own hint. */
function suggest(candidate: string | undefined, ctx: HintContext, guess = false): string | undefined {
  if (candidate === undefined) return undefined;
  const checked = ctx.check(candidate);
  if (!checked.valid) return checked.hint;
  return guess ? `did you mean ${ctx.show(candidate)}?` : `write ${ctx.show(candidate)}`;
}

/** `$request.body` followed by `#/a`, `/a`, `.a.b` or `[0].a`, rewritten as a JSON Pointer body reference. */
export function bodyFromAccessor(source: ExpressionSource, after: string): string | undefined {
  if (after === '') return `$${source}.body`;
  if (after.startsWith('#')) return `$${source}.body${after}`;
  if (after.startsWith('/')) return `$${source}.body#${after}`;
  if (!after.startsWith('.') && !after.startsWith('[')) return undefined;
  const dotted = after.replace(/\[(\d+)\]/g, '.$1').replace(/^\./, '');
  return `$${source}.body#${encodeJsonPointer(dotted.split('.'))}`;
}

/** Where a value named `name` may come from, each as a valid expression. */
function whereFrom(name: string | undefined, ctx: HintContext): string {
  const n = name ?? '<name>';
  const options: [string, string][] = [
    ['a query parameter', `$request.query.${n}`],
    ['a path parameter', `$request.path.${n}`],
    ['a request header', `$request.header.${n}`],
    ['a field of the request body', bodyFromAccessor('request', '.' + n) ?? `$request.body#/${n}`],
  ];
  const usable = options.filter(([, expr]) => name === undefined || ctx.check(expr).valid);
  const [first, ...others] = usable;
  if (first === undefined) return `name where the value comes from, e.g. ${ctx.show('$request.query.callback_url')}`;
  const rest = others.map(([what, expr]) => `${ctx.show(expr)} if it is ${what}`);
  return [`write ${ctx.show(first[1])} if it is ${first[0]}`, ...rest].join('; or ');
}

/** Input that does not start with `$`. */
export function missingDollar(text: string, ctx: HintContext): Mistake {
  if (ctx.bare && /^\{[^{}]*\}$/.test(text)) {
    return {
      message: 'braces embed expressions in a callback key; a single runtime expression is written without them',
      at: 0,
      hint: suggest(text.slice(1, -1), ctx),
    };
  }
  if (ctx.bare && text.includes('{')) {
    return { message: 'a runtime expression has no braces: this looks like a callback key, which embeds expressions in braces', at: 0 };
  }
  if (text.trim() !== text && ctx.check(text.trim()).valid) {
    return { message: 'a runtime expression cannot have spaces around it', at: 0, hint: suggest(text.trim(), ctx) };
  }
  // Only guess at text shaped like an expression with its '$' forgotten (`request.body.id`, `callback_url`).
  const shaped = /^[A-Za-z_][\w-]*(?:[.#/[]\S*)?$/.test(text);
  return { message: `a runtime expression starts with '$': '${text}' is not one`, at: 0, hint: shaped ? suggest('$' + text, ctx) : undefined };
}

/** `$word` where word is not url, method, statusCode, request or response (e.g. FastAPI's `$callback_url`). */
export function unknownVariable(word: string, rest: string, ctx: HintContext): Mistake {
  const written = `$${word}`;
  if (word === '') {
    if (rest.startsWith('.') || rest.startsWith('[')) {
      return {
        message: `'$${rest.charAt(0)}' looks like JSONPath, which runtime expressions do not use`,
        at: 0,
        hint: suggest(bodyFromAccessor('request', rest), ctx),
      };
    }
    return { message: "expected $url, $method, $statusCode, $request. or $response. after '$'", at: 0, hint: whereFrom(undefined, ctx) };
  }
  const keyword = KEYWORDS.find((k) => k.toLowerCase() === word.toLowerCase());
  if (keyword !== undefined) {
    return {
      message: `runtime expressions are case-sensitive: '${written}' must be written '$${keyword}'`,
      at: 0,
      hint: suggest(keyword === 'request' || keyword === 'response' ? `$${keyword}${rest}` : `$${keyword}`, ctx),
    };
  }
  const alias = ALIASES.get(normalize(word));
  if (alias === 'statusCode' || alias === 'url' || alias === 'method') {
    return { message: `'${written}' is not a runtime expression: the ${describe(alias)} is '$${alias}'`, at: 0, hint: suggest(`$${alias}`, ctx) };
  }
  if (word === 'req' || word === 'res') {
    const full = word === 'req' ? 'request' : 'response';
    return { message: `'${written}' is not a runtime expression: write '$${full}'`, at: 0, hint: suggest(`$${full}${rest}`, ctx) };
  }
  if (alias !== undefined) {
    return {
      message: `'${written}' is not a runtime expression: read the ${alias} from the request, as '$request.${alias === 'body' ? 'body#/…' : alias + '.…'}'`,
      at: 0,
      hint: alias === 'cookie' ? cookieHint('request', rest, ctx) : suggest(rebuild('request', alias, rest), ctx),
    };
  }
  const close = word.length >= 4 ? closestName(word, KEYWORDS) : undefined;
  if (close !== undefined) {
    return { message: `'${written}' is not a runtime expression`, at: 0, hint: suggest(`$${close}${rest}`, ctx, true) };
  }
  // `$callback_url/x` most likely meant `{$callback_url}/x`: the name stops where a name would.
  const name = rest === '' || rest.startsWith('.') ? word + rest : word;
  return {
    message: `'$${name}' is not a runtime expression: OpenAPI has no named variables, an expression says where the value is read from`,
    at: 0,
    hint: whereFrom(name, ctx),
  };
}

/** `$request` / `$response` not followed by `.` and a source. */
export function missingSource(source: ExpressionSource, rest: string, at: number, ctx: HintContext): Mistake {
  const message = `'$${source}' must be followed by '.' and a source: header, query, path or body`;
  const candidate = bodyFromAccessor(source, rest.startsWith('.') ? '' : rest);
  if (rest !== '' && candidate !== undefined) return { message, at, hint: suggest(candidate, ctx) };
  return { message, at, hint: whereFrom(undefined, ctx) };
}

/** `$request.<word>` where word is not header, query, path or body; `after` is the text following it. */
export function unknownSource(source: ExpressionSource, word: string, after: string, at: number, ctx: HintContext): Mistake {
  const target = SOURCES.find((s) => s === word.toLowerCase()) ?? ALIASES.get(normalize(word));
  const notASource = `'${word}' is not a source of $${source}: the sources are header, query, path and body`;
  const name = after.startsWith('.') && after.length > 1 ? after.slice(1) : undefined;
  if (target === 'cookie') {
    return { message: `cookies are not addressable by runtime expressions (there is no $${source}.${word})`, at, hint: cookieHint(source, after, ctx) };
  }
  if (target === 'url' || target === 'method' || target === 'statusCode') {
    return { message: `'$${source}.${word}' is not a runtime expression: the ${describe(target)} is '$${target}'`, at, hint: suggest(`$${target}`, ctx) };
  }
  if (target !== undefined) {
    const message = word.toLowerCase() === target ? `runtime expressions are case-sensitive: '${word}' must be written '${target}'` : notASource;
    return { message, at, hint: suggest(rebuild(source, target, after), ctx) };
  }
  const close = word === '' ? undefined : closestName(word, SOURCES);
  if (close !== undefined) return { message: notASource, at, hint: suggest(rebuild(source, close, after), ctx, true) };
  return { message: notASource, at, hint: whereFrom(name, ctx) };
}

/** `$request.body` followed by something other than `#` and a JSON Pointer. */
export function bodyAccessor(source: ExpressionSource, after: string, at: number, ctx: HintContext): Mistake {
  const how = after.startsWith('.') ? 'with dots' : after.startsWith('[') ? 'with brackets' : after.startsWith('/') ? "without '#'" : undefined;
  const message =
    how === undefined
      ? `expected '#' and a JSON Pointer after $${source}.body, not '${after.charAt(0)}'`
      : `body fields are addressed with '#' and a JSON Pointer (e.g. #/a/b), not ${how}`;
  return { message, at, hint: suggest(bodyFromAccessor(source, after), ctx) ?? `e.g. ${ctx.show(`$${source}.body#/id`)}` };
}

/** A body reference whose JSON Pointer does not decode; `message` comes from the pointer decoder. */
export function pointerMistake(source: ExpressionSource, pointer: string, message: string, at: number, ctx: HintContext): Mistake {
  const fixed = pointer.startsWith('/') ? escapeLoneTildes(pointer) : '/' + escapeLoneTildes(pointer);
  return { message, at, hint: suggest(`$${source}.body#${fixed}`, ctx) };
}

function cookieHint(source: ExpressionSource, after: string, ctx: HintContext): string {
  const name = after.startsWith('.') && after.length > 1 ? after.slice(1) : '<name>';
  return (
    `send the value as a query parameter (${ctx.show(`$request.query.${name}`)}) or a header (${ctx.show(`$request.header.${name}`)}); ` +
    `only the whole Cookie header is readable, as ${ctx.show(`$${source}.header.cookie`)}`
  );
}

function rebuild(source: ExpressionSource, target: 'header' | 'query' | 'path' | 'body', after: string): string | undefined {
  return target === 'body' ? bodyFromAccessor(source, after) : `$${source}.${target}${after}`;
}

function describe(target: 'url' | 'method' | 'statusCode'): string {
  return target === 'url' ? 'request URL' : target === 'method' ? 'request method' : 'response status';
}
