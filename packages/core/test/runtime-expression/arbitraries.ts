/** fast-check arbitraries of valid runtime expressions and templates, shared by the property tests. */
import fc from 'fast-check';
import type { ExpressionTemplate, RuntimeExpression, TemplatePart } from '../../src/runtime-expression/ast.ts';
import { formatExpressionTemplate, formatRuntimeExpression } from '../../src/runtime-expression/format.ts';
import { parseRuntimeExpression } from '../../src/runtime-expression/parse.ts';

const TCHARS = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

/** Inside `{}` a name or pointer token cannot hold a brace; a bare expression can. */
const braceFree = (embedded: boolean) => (char: string) => !embedded || (char !== '{' && char !== '}');

export function expressionArb(embedded: boolean): fc.Arbitrary<RuntimeExpression> {
  const allowed = braceFree(embedded);
  // `name = *( CHAR )`, CHAR = %x01-7F; empty names are rejected.
  const name = fc.string({ unit: fc.integer({ min: 1, max: 0x7f }).map((c) => String.fromCharCode(c)).filter(allowed), minLength: 1, maxLength: 10 });
  const header = fc.string({ unit: fc.constantFrom(...TCHARS), minLength: 1, maxLength: 10 });
  const tokenUnit = fc.oneof(
    fc.constantFrom('/', '~', '0', '1', '#', '.', ' ', 'é', '😀', '\u0000', '\u{10FFFF}'),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  ).filter(allowed);
  const pointer = fc.option(fc.array(fc.string({ unit: tokenUnit, maxLength: 6 }), { maxLength: 4 }), { nil: undefined });
  const source = fc.constantFrom('request' as const, 'response' as const);
  return fc.oneof(
    fc.constant({ type: 'url' as const }),
    fc.constant({ type: 'method' as const }),
    fc.constant({ type: 'statusCode' as const }),
    fc.record({ type: fc.constant('header' as const), source, name: header }),
    fc.record({ type: fc.constantFrom('query' as const, 'path' as const), source, name }),
    fc.record({ type: fc.constant('body' as const), source, pointer }),
  );
}

type Draft = { readonly type: 'literal'; readonly text: string } | { readonly type: 'expression'; readonly expression: RuntimeExpression };

/** Templates as the parser returns them: no empty or adjacent literals, offsets of each `{`..`}`. */
export function templateArb(): fc.Arbitrary<ExpressionTemplate> {
  const literal = fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }).map((text) => text.replace(/[{}]/g, '')).filter((text) => text !== '');
  const draft: fc.Arbitrary<Draft> = fc.oneof(
    literal.map((text) => ({ type: 'literal' as const, text })),
    expressionArb(true).map((expression) => ({ type: 'expression' as const, expression })),
  );
  return fc
    .array(draft, { maxLength: 6 })
    .map(withOffsets)
    // A key that is exactly a bare expression (`$url`) must be braced: not a valid all-literal template.
    .filter((t) => t.parts.some((p) => p.type === 'expression') || !parseRuntimeExpression(formatExpressionTemplate(t)).ok);
}

function withOffsets(drafts: readonly Draft[]): ExpressionTemplate {
  const parts: TemplatePart[] = [];
  let offset = 0;
  for (const draft of drafts) {
    const last = parts.at(-1);
    if (draft.type === 'literal') {
      if (last?.type === 'literal') parts[parts.length - 1] = { type: 'literal', text: last.text + draft.text };
      else parts.push(draft);
      offset += draft.text.length;
    } else {
      const end = offset + formatRuntimeExpression(draft.expression).length + 2;
      parts.push({ type: 'expression', expression: draft.expression, start: offset, end });
      offset = end;
    }
  }
  return { parts };
}
