/** tsc, as a user's project runs it, on what the tests generate. */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const tscBin = fileURLToPath(new URL('../../../../node_modules/typescript/bin/tsc', import.meta.url));

/** tsc's diagnostics for a project, one `file(line,col): error TSnnnn` line each. */
export function tsc(project: string): string[] {
  try {
    execFileSync(process.execPath, [tscBin, '-p', project, '--noEmit', '--pretty', 'false'], { encoding: 'utf8' });
    return [];
  } catch (error) {
    return String((error as { stdout?: string }).stdout ?? error).split('\n').filter((l) => /error TS/.test(l));
  }
}

/** Type-checks the imported api.ts on its own, strict, as a user's project compiles it. */
export function typecheckDefinition(dir: string): string[] {
  const config = {
    compilerOptions: { target: 'ES2022', lib: ['ES2023'], module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noUncheckedIndexedAccess: true, noEmit: true, skipLibCheck: true, types: ['node'], customConditions: ['@boomerang/source'], allowImportingTsExtensions: true },
    files: ['api.ts'],
  };
  writeFileSync(join(dir, 'tsconfig.definition.json'), JSON.stringify(config));
  return tsc(join(dir, 'tsconfig.definition.json'));
}

