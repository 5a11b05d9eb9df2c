/**
 * Callbacks of one operation: each URL (typed builder or raw template) is compiled to a
 * runtime-expression template, parsed, and checked against the operation that owns it.
 */
import type { CallbackDefinition } from '../definition.ts';
import { diagnostic, type Diagnostic, type DiagnosticCode } from '../diagnostics.ts';
import type { CallbackModel, CallbackUrlModel, ParameterModel, ResponseModel, BodyModel } from '../model.ts';
import type { ExpressionTemplate } from '../runtime-expression/ast.ts';
import { formatExpressionTemplate } from '../runtime-expression/format.ts';
import { parseExpressionTemplate } from '../runtime-expression/parse.ts';
import { validateTemplateAgainstOperation, type ExpressionIssueKind, type OperationShape } from '../runtime-expression/validate.ts';
import type { SchemaRegistry } from '../schema/schema-registry.ts';
import { compileUrlBuilder, UrlBuilderMisuse } from '../url-builder.ts';
import { outgoingOperationsFrom, declaredMethods } from './outgoing-operations.ts';
import { componentName } from './components.ts';
import { extensionsOf } from '../openapi/extensions.ts';
import { camelWords, extendIdentifier } from './operation-id.ts';

export interface OwningOperation {
  readonly operationId: string;
  readonly where: string;
  readonly parameters: readonly ParameterModel[];
  readonly requestBody?: BodyModel;
  readonly responses: readonly ResponseModel[];
}

const issueCodes: Record<ExpressionIssueKind, DiagnosticCode> = {
  'undeclared-parameter': 'BMR041',
  'undeclared-response-header': 'BMR041',
  'missing-body-field': 'BMR042',
  'no-request-body': 'BMR042',
  'no-response-body': 'BMR042',
  'url-base-not-string': 'BMR120',
};

export function callbacksFrom(
  callbacks: Readonly<Record<string, CallbackDefinition<unknown> | readonly CallbackDefinition<unknown>[]>> | undefined,
  owner: OwningOperation,
  registry: SchemaRegistry,
  diagnostics: Diagnostic[],
): CallbackModel[] {
  const shape = operationShape(owner, registry);
  return Object.entries(callbacks ?? {}).map(([name, input]) => {
    const definitions = (Array.isArray(input) ? input : [input]) as readonly CallbackDefinition<unknown>[];
    const where = `${owner.where} › callback ${name}`;
    // A reusable callback is written once (components/callbacks): its operationIds are its own, not the operation's.
    const component = Array.isArray(input) ? undefined : componentName(input, 'callbacks');
    if (definitions.length === 0) {
      diagnostics.push(diagnostic('BMR045', where, 'the callback is an empty list: it has no URL and no method.', "Give it one `{ url, post: {...} }`, or a list of them: `[{ url: '{$request.query.callback_url}/a', post: {...} }]`."));
    }
    const total = definitions.reduce((n, d) => n + declaredMethods(d).length, 0);
    const seen = new Map<string, number>();
    const urls: CallbackUrlModel[] = [];
    definitions.forEach((definition, index) => {
      const here = definitions.length > 1 ? `${where} [${index}]` : where;
      const template = compileTemplate(definition, shape, diagnostics, here);
      const operations = outgoingOperationsFrom(
        definition,
        (method) =>
          component !== undefined
            ? extendIdentifier(camelWords(component), ...(total > 1 ? [method] : []))
            : extendIdentifier(owner.operationId, name, ...(total > 1 ? [method + (definitions.length > 1 ? String(index + 1) : '')] : [])),
        { registry, diagnostics },
        here,
      );
      if (template === undefined) return;
      const expression = formatExpressionTemplate(template);
      const previous = seen.get(expression);
      if (previous !== undefined) {
        diagnostics.push(
          diagnostic('BMR044', here, `the URL \`${expression}\` is already listed at index ${previous} of this callback.`, 'Put every method for one URL into the same entry: `{ url, post: {...}, put: {...} }`.'),
        );
        return;
      }
      seen.set(expression, index);
      urls.push({ expression, template, operations, ...(definition.servers !== undefined ? { servers: definition.servers } : {}), ...extensionsOf(definition) });
    });
    return {
      name,
      ...(definitions[0]?.summary !== undefined ? { summary: definitions[0].summary } : {}),
      ...(definitions[0]?.description !== undefined ? { description: definitions[0].description } : {}),
      urls,
      ...(component !== undefined ? { component } : {}),
    };
  });
}

function compileTemplate(
  definition: CallbackDefinition<unknown>,
  shape: OperationShape,
  diagnostics: Diagnostic[],
  where: string,
) {
  let text: string;
  if (typeof definition.url === 'function') {
    try {
      text = compileUrlBuilder(definition.url);
    } catch (error) {
      const reason = error instanceof UrlBuilderMisuse ? error.message : `it threw: ${error instanceof Error ? error.message : String(error)}`;
      diagnostics.push(
        diagnostic('BMR043', `${where} › url`, `the URL builder could not be compiled: ${reason}`, 'A builder only interpolates request/response fields into a template literal: ({ request }) => `${request.query.callback_url}/items/${request.body.id}`.'),
      );
      return undefined;
    }
  } else if (typeof definition.url === 'string') {
    text = definition.url;
  } else {
    diagnostics.push(
      diagnostic('BMR043', `${where} › url`, 'the callback has no `url`.', 'Give `url` as a builder function or a runtime-expression template string.'),
    );
    return undefined;
  }
  const parsed = parseExpressionTemplate(text);
  if (!parsed.ok) {
    for (const issue of parsed.issues) {
      diagnostics.push(
        diagnostic('BMR040', `${where} › url`, `\`${text}\` is not a valid runtime-expression template: ${issue.message}`, issue.hint ?? 'Expressions look like `{$request.query.name}`, `{$request.body#/field}`, `{$request.header.x-name}`, `{$url}`.'),
      );
    }
    return undefined;
  }
  const escape = badPercentEscape(parsed.value);
  if (escape !== undefined) {
    diagnostics.push(
      diagnostic('BMR040', `${where} › url`, `\`${text}\` is not a valid URL template: \`${escape}\` is not a percent-encoded octet.`, 'Outside `{...}`, a `%` starts a percent-encoded octet, `%` and two hex digits: write a literal `%` as `%25`.'),
    );
    return undefined;
  }
  const issues = validateTemplateAgainstOperation(parsed.value, shape, { url: true });
  for (const issue of issues) {
    diagnostics.push(diagnostic(issueCodes[issue.kind], `${where} › url`, `\`${issue.expression}\` in \`${text}\`: ${issue.message}`, issue.hint));
  }
  return issues.length === 0 ? parsed.value : undefined;
}

/** The first `%` of the template's literal text that does not start `%XX` (RFC 3986 pct-encoded), with what follows it. */
function badPercentEscape(template: ExpressionTemplate): string | undefined {
  for (const part of template.parts) {
    if (part.type !== 'literal') continue;
    const bad = /%(?![0-9A-Fa-f]{2})/.exec(part.text);
    if (bad) return part.text.slice(bad.index, bad.index + 3);
  }
  return undefined;
}

function operationShape(owner: OwningOperation, registry: SchemaRegistry): OperationShape {
  return {
    parameters: owner.parameters.map((p) => ({ name: p.name, in: p.in })),
    ...(owner.requestBody !== undefined ? { requestBodySchema: owner.requestBody.schema ?? true } : {}),
    responseBodySchemas: owner.responses.flatMap((r) => (r.body ? [r.body.schema ?? true] : [])),
    responseHeaderNames: owner.responses.flatMap((r) => r.headers.map((h) => h.name)),
    resolveRef: (ref) => registry.resolve(ref),
  };
}
