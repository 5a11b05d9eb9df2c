import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));

function typeErrors(file: string): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(`${root}tsconfig.json`, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  if (!config) throw new Error('tsconfig.json could not be read');
  const program = ts.createProgram([fileURLToPath(new URL(file, import.meta.url))], config.options);
  return ts.getPreEmitDiagnostics(program).map((d) => `TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

describe('typed URL builder', () => {
  it('refuses request.body.nope at compile time', () => {
    const errors = typeErrors('./type-errors/body-nope.ts');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^TS2339: Property 'nope' does not exist on type/);
  });
});
