import { describe, expect, it } from 'vitest';
import { validateAgainstOfficialSchema } from '../../../../tools/judges/openapi-schema.ts';
import { redoclyLint } from '../../../../tools/judges/redocly-lint.ts';
import { definitions, emit, emitReceiver } from './documents.ts';

const cases = Object.keys(definitions).flatMap((name) => (['3.1', '3.0'] as const).map((version) => [name, version] as const));

describe('third-party judges', () => {
  it.each(cases)('%s (OpenAPI %s) validates against the official OpenAPI JSON Schema', async (name, version) => {
    const { document } = emit(definitions[name]!, version);
    expect(await validateAgainstOfficialSchema(document)).toEqual({ valid: true, errors: [] });
  });

  it.each(Object.keys(definitions))('%s: the receiver document is valid OpenAPI 3.1 and passes redocly lint', async (name) => {
    const document = emitReceiver(definitions[name]!);
    expect(await validateAgainstOfficialSchema(document)).toEqual({ valid: true, errors: [] });
    const { problems, exitCode } = await redoclyLint(document);
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(exitCode).toBe(0);
  });

  it.each(cases)('%s (OpenAPI %s) passes redocly lint with the committed redocly.yaml', async (name, version) => {
    const { document } = emit(definitions[name]!, version);
    const { problems, exitCode } = await redoclyLint(document);
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(exitCode).toBe(0);
  });
});
