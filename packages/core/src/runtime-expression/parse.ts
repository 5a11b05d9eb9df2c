/**
 * Parser for runtime expressions (the OAS 3.1 ABNF) and for callback keys that embed them in `{}`.
 * @see https://spec.openapis.org/oas/v3.1.0#runtime-expressions
 */
import type { ExpressionSource, ExpressionSyntaxIssue, ExpressionTemplate, ParseResult, RuntimeExpression, TemplatePart } from './ast.ts';
import { decodeJsonPointer } from './json-pointer.ts';
import type { HintContext, Mistake } from './syntax-hints.ts';
import { bodyAccessor, missingDollar, missingSource, pointerMistake, unknownSource, unknownVariable } from './syntax-hints.ts';

type Outcome = { readonly ok: true; readonly value: RuntimeExpression } | { readonly ok: false; readonly mistake: Mistake };

/** `tchar` of RFC 9110, the characters of a header name. */
const TCHAR = /[!#$%&'*+\-.^_`|~0-9A-Za-z]/;

/**
 * Parses one bare runtime expression, e.g. `$request.body#/id` or `$response.header.Server`.
 * On failure the single issue says what is wrong and, when it can be guessed, the valid form.
 * @see https://spec.openapis.org/oas/v3.1.0#runtime-expressions
 */
export function parseRuntimeExpression(text: string): ParseResult<RuntimeExpression> {
  const outcome = parseExpression(text, hintContext(true));
  if (outcome.ok) return outcome;
  return { ok: false, issues: [toIssue(outcome.mistake, text, 0)] };
}

/**
 * Parses a callback key: literal text with runtime expressions embedded in `{}`, e.g.
 * `{$request.query.callback_url}/invoices/{$request.body#/id}`. Every issue is reported, each with
 * its offset. A key without any expression is valid (all literal), but a key that is exactly a bare
 * runtime expression (`$request.body#/url`) is an issue: unbraced it would be sent as literal text.
 * @see https://spec.openapis.org/oas/v3.1.0#runtime-expressions
 */
export function parseExpressionTemplate(text: string): ParseResult<ExpressionTemplate> {
  const parts: TemplatePart[] = [];
  const issues: ExpressionSyntaxIssue[] = [];
  const ctx = hintContext(false);
  let literal = '';
  let i = 0;
  const flushLiteral = (): void => {
    if (literal !== '') parts.push({ type: 'literal', text: literal });
    literal = '';
  };
  while (i < text.length) {
    const char = text.charAt(i);
    if (char === '}') {
      issues.push({ message: "unmatched '}': braces only enclose runtime expressions", index: i, text: '}', hint: "remove it, or open the expression with '{'" });
      i++;
    } else if (char !== '{') {
      literal += char;
      i++;
    } else if (doubleBraced(text, i) !== undefined) {
      const inner = doubleBraced(text, i) ?? '';
      const check = parseExpression(inner, ctx);
      const hint = check.ok ? `write ${ctx.show(inner)}` : check.mistake.hint;
      issues.push({ message: 'double braces are template syntax: a callback key embeds an expression in single braces', index: i, text: inner, ...(hint === undefined ? {} : { hint }) });
      i += inner.length + 4;
    } else {
      let close = i + 1;
      while (close < text.length && text.charAt(close) !== '}' && text.charAt(close) !== '{') close++;
      if (text.charAt(close) !== '}') {
        const unclosed = text.slice(i, close);
        const fix = /^\{[^\s/?&#]*/.exec(unclosed)?.[0] ?? unclosed;
        const hint = fix === '{' ? "remove it, or write an expression and close it, e.g. {$request.query.callback_url}" : `close the expression with '}', e.g. ${fix}}`;
        issues.push({ message: `'{' is not closed by '}'`, index: i, text: unclosed, hint });
        i = close;
        continue;
      }
      const inner = text.slice(i + 1, close);
      const outcome = parseExpression(inner, ctx);
      if (outcome.ok) {
        flushLiteral();
        parts.push({ type: 'expression', expression: outcome.value, start: i, end: close + 1 });
      } else {
        issues.push(toIssue(outcome.mistake, inner, i + 1));
      }
      i = close + 1;
    }
  }
  flushLiteral();
  if (issues.length === 0 && parts.every((p) => p.type === 'literal') && text.startsWith('$') && parseExpression(text, undefined).ok) {
    issues.push({ message: 'a runtime expression in a callback key must be enclosed in braces, or it is literal text', index: 0, text, hint: `write {${text}}` });
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value: { parts } };
}

/** The text of `{{...}}` starting at `i` (handlebars habit), if the braces there are doubled. */
function doubleBraced(text: string, i: number): string | undefined {
  if (!text.startsWith('{{', i)) return undefined;
  const close = text.indexOf('}}', i + 2);
  const inner = text.slice(i + 2, close);
  return close === -1 || /[{}]/.test(inner) ? undefined : inner;
}

/** The grammar. Without `ctx` a failure carries no diagnosis: for callers that only ask "does it parse?". */
function parseExpression(text: string, ctx: HintContext | undefined): Outcome {
  if (text === '') {
    return failed(ctx, (c) => ({ message: 'empty runtime expression', at: 0, hint: `e.g. ${c.show('$request.query.callback_url')}` }));
  }
  if (!text.startsWith('$')) return failed(ctx, (c) => missingDollar(text, c));
  const word = /^\$([A-Za-z0-9_-]*)/.exec(text)?.[1] ?? '';
  const rest = text.slice(1 + word.length);
  if (word === 'url' || word === 'method' || word === 'statusCode') {
    if (rest === '') return { ok: true, value: { type: word } };
    return failed(ctx, (c) => ({ message: `'$${word}' takes nothing after it`, at: 1 + word.length, hint: `write ${c.show('$' + word)}` }));
  }
  if (word === 'request' || word === 'response') return parseSource(word, rest, 1 + word.length, ctx);
  return failed(ctx, (c) => unknownVariable(word, rest, c));
}

/** `rest` follows `$request` / `$response`, which ends at offset `at`. */
function parseSource(source: ExpressionSource, rest: string, at: number, ctx: HintContext | undefined): Outcome {
  const word = rest.startsWith('.') ? (/^[A-Za-z0-9_-]*/.exec(rest.slice(1))?.[0] ?? '') : undefined;
  if (word === undefined || word === '') return failed(ctx, (c) => missingSource(source, rest, at, c));
  const after = rest.slice(1 + word.length);
  const afterAt = at + 1 + word.length;
  if (word === 'body') {
    if (after === '') return { ok: true, value: { type: 'body', source, pointer: undefined } };
    if (!after.startsWith('#')) return failed(ctx, (c) => bodyAccessor(source, after, afterAt, c));
    const pointer = decodeJsonPointer(after.slice(1));
    if (pointer.ok) return { ok: true, value: { type: 'body', source, pointer: pointer.value } };
    const issue = pointer.issues[0];
    return failed(ctx, (c) => pointerMistake(source, after.slice(1), issue?.message ?? 'invalid JSON Pointer', afterAt + 1 + (issue?.index ?? 0), c));
  }
  if (word !== 'header' && word !== 'query' && word !== 'path') {
    return failed(ctx, (c) => unknownSource(source, word, after, at + 1, c));
  }
  const what = word === 'header' ? 'header' : `${word} parameter`;
  if (!after.startsWith('.') || after === '.') {
    const name = after.length > 1 ? after.slice(1) : '<name>';
    const message = after === '.' ? `the ${what} name is empty` : `expected '.' and a ${what} name after '$${source}.${word}'`;
    return failed(ctx, (c) => ({ message, at: afterAt + (after === '.' ? 1 : 0), hint: `write ${c.show(`$${source}.${word}.${name}`)}` }));
  }
  const name = after.slice(1);
  for (let i = 0; i < name.length; i++) {
    const char = name.charAt(i);
    const code = name.charCodeAt(i);
    if (word === 'header' ? !TCHAR.test(char) : code === 0 || code > 0x7f) {
      const shown = String.fromCodePoint(name.codePointAt(i) ?? code);
      const message =
        word === 'header'
          ? `'${shown}' cannot appear in a header name: header names are HTTP tokens`
          : `'${shown}' cannot appear in a ${what} name: the runtime-expression grammar allows only ASCII there`;
      const hint = word === 'header' ? "header names contain only letters, digits and !#$%&'*+-.^_`|~" : undefined;
      return failed(ctx, () => ({ message, at: afterAt + 1 + i, hint }));
    }
  }
  return { ok: true, value: { type: word, source, name } };
}

function failed(ctx: HintContext | undefined, diagnose: (ctx: HintContext) => Mistake): Outcome {
  return { ok: false, mistake: ctx === undefined ? { message: '', at: 0 } : diagnose(ctx) };
}

function hintContext(bare: boolean): HintContext {
  const show = bare ? (expression: string) => expression : (expression: string) => `{${expression}}`;
  const ctx: HintContext = {
    show,
    bare,
    check: (expression) => {
      // A candidate is one expression, so the rules for braced bare input are off; it is checked with
      // hints of its own so that corrections compose (`request.body.id` -> `{$request.body#/id}`).
      const outcome = parseExpression(expression, { ...ctx, bare: false });
      return outcome.ok ? { valid: true } : { valid: false, hint: outcome.mistake.hint };
    },
  };
  return ctx;
}

function toIssue(mistake: Mistake, text: string, offset: number): ExpressionSyntaxIssue {
  const issue = { message: mistake.message, index: offset + mistake.at, text };
  return mistake.hint === undefined ? issue : { ...issue, hint: mistake.hint };
}
