/**
 * `boomerang import <openapi.json|yaml> [--out api.ts] [--force]`: @boomerang/import turns the document
 * into api.ts and boomerang.config.ts; codegen's writer writes them as scaffolds (never over a file
 * that exists, unless --force); then the definition is loaded and built, and its diagnostics printed.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { buildApiModel, formatDiagnostic } from '@boomerang/core';
import { loadDefinition, manifestName, writeFiles } from '@boomerang/codegen';
import { formatFinding, importOpenApi } from '@boomerang/import';
import { parseCommandArgs } from '../args.ts';
import { CliError, usageError, type CliIo } from '../io.ts';

export async function importCommand(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = await parseCommandArgs('import', args, { out: { type: 'string', default: 'api.ts' }, force: { type: 'boolean', default: false } });
  if (parsed.positionals.length !== 1) throw usageError('`boomerang import` takes exactly one OpenAPI document.', 'import');
  const file = parsed.positionals[0]!;
  const out = resolve(io.cwd, parsed.values.out);
  if (!/\.(m|c)?[jt]s$/.test(out)) throw usageError(`--out names the definition, a TypeScript file such as api.ts, not \`${parsed.values.out}\`.`, 'import');
  const source = resolve(io.cwd, file);
  if (!existsSync(source)) throw new CliError(`cannot find the OpenAPI document \`${file}\`.`);

  const imported = await importOpenApi(readFileSync(source, 'utf8'), { definitionPath: `./${basename(out)}` });
  if (!imported.ok) {
    for (const f of imported.findings) io.stderr.write(`${formatFinding(f)}\n`);
    throw new CliError(`\`${file}\` was not imported; nothing was written.`);
  }

  const folder = dirname(out);
  const manifest = join(folder, manifestName);
  if (existsSync(manifest)) {
    throw new CliError(`${shown(io, folder)} holds the generated output of a target (${manifestName}); write the definition into the project's own folder, e.g. --out ./api.ts.`);
  }
  const report = writeFiles(
    folder,
    [
      { path: basename(out), content: imported.definition, mode: 'scaffold' },
      { path: 'boomerang.config.ts', content: imported.config, mode: 'scaffold' },
    ],
    { mode: 'write', ...(parsed.values.force ? { force: true } : {}) },
  );
  // The writer keeps a manifest of generated files; an import writes none, so the empty one it made goes
  // (there was none before: a folder with one is refused above).
  rmSync(manifest, { force: true });
  for (const path of report.written) io.stdout.write(`wrote ${shown(io, join(folder, path))}\n`);
  for (const path of report.skipped) io.stdout.write(`kept ${shown(io, join(folder, path))}: it exists (--force overwrites it)\n`);

  const notCarried = imported.findings.filter((f) => f.kind === 'not-carried');
  const inlined = imported.findings.filter((f) => f.kind === 'info');
  if (notCarried.length > 0) {
    io.stdout.write(`\nNot carried over (${notCarried.length}): the definition cannot say these yet; they are not in ${basename(out)}.\n`);
    for (const f of notCarried) io.stdout.write(`  ${f.pointer || '/'}  ${f.code} ${f.message}\n`);
  }
  if (inlined.length > 0) {
    io.stdout.write(`\nCarried over in another form (${inlined.length}): the same meaning, written differently.\n`);
    for (const f of inlined) io.stdout.write(`  ${f.pointer || '/'}  ${f.code} ${f.message}\n`);
  }

  if (report.skipped.includes(basename(out))) {
    throw new CliError(`${shown(io, out)} exists and was not overwritten; pass --force to replace it, or --out another file.`);
  }
  return checkDefinition(out, io);
}

/** Loads and builds the definition just written: the callback keys are checked against their operations there. */
async function checkDefinition(out: string, io: CliIo): Promise<number> {
  let definition;
  try {
    definition = await loadDefinition(out, { shown: shown(io, out) });
  } catch (error) {
    io.stderr.write(`boomerang: the definition was written but could not be loaded to check it: ${error instanceof Error ? error.message : String(error)}\n` +
      'Install @boomerang/core and zod in the project, then run `boomerang openapi ' + shown(io, out) + '`.\n');
    return 1;
  }
  const built = buildApiModel(definition);
  const errors = built.diagnostics.filter((d) => d.severity === 'error');
  const warnings = built.diagnostics.filter((d) => d.severity === 'warning');
  for (const d of errors) io.stderr.write(`${formatDiagnostic(d)}\n`);
  if (warnings.length > 0) io.stdout.write(`\nThe definition builds with ${warnings.length} warning${warnings.length === 1 ? '' : 's'} (\`boomerang openapi ${shown(io, out)}\` prints them).\n`);
  if (!built.ok) throw new CliError(`the imported definition has ${errors.length} error${errors.length === 1 ? '' : 's'}; fix them in ${shown(io, out)}.`);
  if (warnings.length === 0) io.stdout.write('\nThe definition builds.\n');
  return 0;
}

function shown(io: CliIo, abs: string): string {
  const rel = relative(io.cwd, abs);
  return rel === '' ? '.' : rel.startsWith('..') ? abs : rel;
}
