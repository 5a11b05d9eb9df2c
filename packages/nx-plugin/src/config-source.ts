/**
 * Reads what a `boomerang.config.ts` says from its text, without running it: the project graph is
 * built on every Nx command, and running a user's TypeScript there (with our loader, in Nx's plugin
 * worker) would be slow and fragile. The config is a literal in practice —
 * `export default defineConfig({ definition, openapi: { output }, targets: [{ template, output }] })` —
 * and anything that is not (a variable, a call) is reported in `unreadable`, so the caller can refuse
 * to cache what it cannot describe.
 */
import { createRequire } from 'node:module';
import type * as TypeScript from 'typescript';

/** Mirrors `BoomerangConfig` in @boomerang/codegen, for the parts that decide inputs and outputs. */
export interface ConfigSource {
  /** Relative to the config file; default `./api.ts` (codegen's default). */
  readonly definition: string;
  /** `false` when the config turns the documents off. */
  readonly openapi: false | { readonly output: string; readonly formats: readonly string[] };
  readonly targets: readonly { readonly template: string; readonly output: string }[];
  /** The settings that are not literals, by path (`targets[1].output`): their value is unknown. */
  readonly unreadable: readonly string[];
}

const defaults = { definition: './api.ts', openapiOutput: './generated', formats: ['json', 'yaml'] } as const;

/** A value that is not a literal: the walk records where it was, and the caller decides. */
const unknownValue: unique symbol = Symbol('unknown');
type Value = string | number | boolean | null | typeof unknownValue | readonly Value[] | { readonly [key: string]: Value };

let typescript: typeof TypeScript | undefined;

/** TypeScript is loaded on first use: `nx g` never needs it, graph construction does once. */
function ts(): typeof TypeScript {
  typescript ??= createRequire(import.meta.url)('typescript') as typeof TypeScript;
  return typescript;
}

export function readConfigSource(text: string, fileName = 'boomerang.config.ts'): ConfigSource {
  const t = ts();
  const file = t.createSourceFile(fileName, text, t.ScriptTarget.Latest, true, t.ScriptKind.TS);
  const unreadable: string[] = [];
  const exported = file.statements.find((s): s is TypeScript.ExportAssignment => t.isExportAssignment(s) && !s.isExportEquals);
  const config = exported === undefined ? unknownValue : valueOf(configObject(exported.expression, file), file);
  if (!isRecord(config)) {
    return { definition: defaults.definition, openapi: { output: defaults.openapiOutput, formats: defaults.formats }, targets: [], unreadable: ['export default'] };
  }
  const record: { readonly [key: string]: Value } = config;

  const definition = stringAt(record, 'definition', 'definition', unreadable) ?? defaults.definition;

  let openapi: ConfigSource['openapi'] = { output: defaults.openapiOutput, formats: defaults.formats };
  const openapiValue = record.openapi;
  if (openapiValue === false) openapi = false;
  else if (openapiValue === unknownValue) unreadable.push('openapi');
  else if (isRecord(openapiValue)) {
    const o: { readonly [key: string]: Value } = openapiValue;
    const formats = o.formats;
    openapi = {
      output: stringAt(o, 'output', 'openapi.output', unreadable) ?? defaults.openapiOutput,
      formats: Array.isArray(formats) && formats.every((f) => typeof f === 'string') ? (formats as string[]) : formats === undefined ? defaults.formats : (unreadable.push('openapi.formats'), defaults.formats),
    };
  }

  const targets: { template: string; output: string }[] = [];
  const targetsValue = record.targets;
  if (targetsValue === unknownValue) unreadable.push('targets');
  else if (Array.isArray(targetsValue)) {
    targetsValue.forEach((entry: Value, index: number) => {
      if (!isRecord(entry)) return void unreadable.push(`targets[${index}]`);
      const target: { readonly [key: string]: Value } = entry;
      const template = stringAt(target, 'template', `targets[${index}].template`, unreadable);
      const output = stringAt(target, 'output', `targets[${index}].output`, unreadable);
      if (template !== undefined && output !== undefined) targets.push({ template, output });
    });
  }
  return { definition, openapi, targets, unreadable };
}

function isRecord(value: Value | undefined): value is { readonly [key: string]: Value } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringAt(record: { readonly [key: string]: Value }, key: string, path: string, unreadable: string[]): string | undefined {
  const value = record[key];
  if (typeof value === 'string') return value;
  if (value !== undefined) unreadable.push(path);
  return undefined;
}

/** `defineConfig({...})`, `{...} satisfies BoomerangConfig`, or a `const` that holds one. */
function configObject(expression: TypeScript.Expression, file: TypeScript.SourceFile): TypeScript.Expression {
  const t = ts();
  let node = expression;
  for (let depth = 0; depth < 10; depth++) {
    if (t.isParenthesizedExpression(node) || t.isAsExpression(node) || t.isSatisfiesExpression(node) || t.isTypeAssertionExpression(node)) node = node.expression;
    else if (t.isCallExpression(node) && node.arguments.length === 1 && /(^|\.)defineConfig$/.test(node.expression.getText(file))) node = node.arguments[0]!;
    else if (t.isIdentifier(node)) {
      const name = node.text;
      const declaration = file.statements
        .filter(t.isVariableStatement)
        .flatMap((s) => [...s.declarationList.declarations])
        .find((d) => t.isIdentifier(d.name) && d.name.text === name);
      if (declaration?.initializer === undefined) return node;
      node = declaration.initializer;
    } else return node;
  }
  return node;
}

function valueOf(node: TypeScript.Expression, file: TypeScript.SourceFile): Value {
  const t = ts();
  if (t.isParenthesizedExpression(node) || t.isAsExpression(node) || t.isSatisfiesExpression(node) || t.isTypeAssertionExpression(node)) return valueOf(node.expression, file);
  if (t.isStringLiteral(node) || t.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (t.isNumericLiteral(node)) return Number(node.text);
  if (node.kind === t.SyntaxKind.TrueKeyword) return true;
  if (node.kind === t.SyntaxKind.FalseKeyword) return false;
  if (node.kind === t.SyntaxKind.NullKeyword) return null;
  if (t.isArrayLiteralExpression(node)) {
    const items: Value[] = node.elements.map((element) => (t.isSpreadElement(element) ? unknownValue : valueOf(element, file)));
    return items.includes(unknownValue) ? unknownValue : items;
  }
  if (t.isObjectLiteralExpression(node)) {
    // Keys whose value is not a literal keep the `unknownValue` marker, so a config whose `options`
    // hold a variable still describes its templates and outputs.
    const result: Record<string, Value> = {};
    for (const property of node.properties) {
      if (!t.isPropertyAssignment(property)) continue;
      const key = t.isIdentifier(property.name) || t.isStringLiteral(property.name) ? property.name.text : undefined;
      if (key !== undefined) result[key] = valueOf(property.initializer, file);
    }
    return result;
  }
  return unknownValue;
}
