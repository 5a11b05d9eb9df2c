/**
 * Checks a loaded `boomerang.config.ts` against the shape of BoomerangConfig, which TypeScript
 * checks only for a user who runs tsc (the CLI runs the config as it is). Every key at every level
 * is known or refused with a did-you-mean, because a misspelt key is otherwise silently ignored and
 * its default used (`defintion:` reads ./api.ts). All problems are returned, not the first.
 */
import { closestName } from '@boomerang/core';

const configKeys = ['definition', 'openapi', 'targets', 'signedDeliveries'] as const;
const openapiKeys = ['output', 'formats', 'version'] as const;
const targetKeys = ['template', 'output', 'options'] as const;
const formats = ['json', 'yaml'] as const;
const versions = ['3.1', '3.0'] as const;

type Fields = Record<string, unknown>;

/** The problems of `config`, each a sentence naming the key path (`targets[0].output`); empty when it is valid. */
export function validateConfig(config: unknown): string[] {
  if (!isObject(config)) return [`its default export must be defineConfig({...}), not ${describeValue(config)}`];
  const problems: string[] = [];
  unknownKeys(config, configKeys, '', 'a config key', problems);

  if (config.definition !== undefined && !isPath(config.definition)) problems.push(`\`definition\` must be a path string such as \`./api.ts\`, not ${describeValue(config.definition)}`);

  const openapi = config.openapi;
  if (openapi !== undefined && openapi !== false) {
    if (!isObject(openapi)) problems.push(`\`openapi\` must be false or { output, formats, version }, not ${describeValue(openapi)}`);
    else checkOpenapi(openapi, problems);
  }

  if (config.signedDeliveries !== undefined && typeof config.signedDeliveries !== 'boolean') {
    problems.push(`\`signedDeliveries\` must be true (sign every callback and webhook that declares no \`security\`, the default) or false (send them unsigned), not ${describeValue(config.signedDeliveries)}`);
  }

  if (config.targets !== undefined) {
    if (!Array.isArray(config.targets)) problems.push(`\`targets\` must be an array of { template, output, options }, not ${describeValue(config.targets)}`);
    else config.targets.forEach((target: unknown, i) => checkTarget(target, `targets[${i}]`, problems));
  }
  return problems;
}

function checkOpenapi(openapi: Fields, problems: string[]): void {
  unknownKeys(openapi, openapiKeys, 'openapi.', 'a key of `openapi`', problems);
  if (openapi.output !== undefined && !isPath(openapi.output)) problems.push(`\`openapi.output\` must be a folder path string, not ${describeValue(openapi.output)}`);
  const given = openapi.formats;
  if (given !== undefined) {
    if (!Array.isArray(given)) problems.push(`\`openapi.formats\` must be an array of 'json' and 'yaml', not ${describeValue(given)}`);
    else if (given.length === 0) problems.push('`openapi.formats` is empty; to write no OpenAPI document, set `openapi: false`');
    else {
      given.forEach((format: unknown, i) => {
        if (!(formats as readonly unknown[]).includes(format)) problems.push(`\`openapi.formats[${i}]\` must be 'json' or 'yaml', not ${describeValue(format)}${suggestion(format, formats)}`);
      });
      for (const format of formats) if (given.filter((f) => f === format).length > 1) problems.push(`\`openapi.formats\` names '${format}' twice`);
    }
  }
  const version = openapi.version;
  if (version !== undefined && !(versions as readonly unknown[]).includes(version)) {
    const quote = typeof version === 'number' ? ' (a number; quote it)' : '';
    problems.push(`\`openapi.version\` must be '3.1' (writes OpenAPI 3.1.0) or '3.0' (writes 3.0.3), not ${describeValue(version)}${quote}`);
  }
}

function checkTarget(target: unknown, at: string, problems: string[]): void {
  if (!isObject(target)) return void problems.push(`\`${at}\` must be { template, output, options }, not ${describeValue(target)}`);
  unknownKeys(target, targetKeys, `${at}.`, 'a key of a target', problems);
  if (target.template === undefined) problems.push(`\`${at}.template\` is missing: a folder path (\`./templates/mine\`) or a package name (\`@boomerang/template-server-fastify\`)`);
  else if (!isPath(target.template)) problems.push(`\`${at}.template\` must be a folder path or package name string, not ${describeValue(target.template)}`);
  if (target.output === undefined) problems.push(`\`${at}.output\` is missing: the folder its files go to, relative to the config`);
  else if (!isPath(target.output)) problems.push(`\`${at}.output\` must be a folder path string, not ${describeValue(target.output)}`);
  if (target.options !== undefined && !isObject(target.options)) problems.push(`\`${at}.options\` must be an object of the options the template declares, not ${describeValue(target.options)}`);
}

function unknownKeys(value: Fields, known: readonly string[], prefix: string, what: string, problems: string[]): void {
  for (const key of Object.keys(value)) {
    if (known.includes(key)) continue;
    const close = closestName(key, known);
    problems.push(close === undefined ? `\`${prefix}${key}\` is not ${what} (the keys are ${known.map((k) => `\`${k}\``).join(', ')})` : `\`${prefix}${key}\` is not ${what}; did you mean \`${close}\`?`);
  }
}

function suggestion(value: unknown, allowed: readonly string[]): string {
  const close = typeof value === 'string' ? closestName(value, allowed) : undefined;
  return close === undefined ? '' : `; did you mean '${close}'?`;
}

function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isPath(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

/** The value as a message shows it: strings quoted, objects by kind (their content may be large). */
function describeValue(value: unknown): string {
  if (typeof value === 'string') return value === '' ? 'an empty string' : `'${value}'`;
  if (value === null || typeof value !== 'object') return typeof value === 'function' ? 'a function' : String(value);
  return Array.isArray(value) ? 'an array' : 'an object';
}
