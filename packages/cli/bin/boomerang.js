#!/usr/bin/env node
// The `boomerang` command. Installed, it runs the compiled dist/. In a checkout of the Boomerang
// repository, where src/ is (it is not published), it runs the TypeScript sources, and resolves the
// other @boomerang packages to theirs through their `@boomerang/source` export condition.
import { existsSync } from 'node:fs';
import { register } from 'node:module';

const fromSource = existsSync(new URL('../src/main.ts', import.meta.url));
if (fromSource) {
  register('data:text/javascript,export const resolve = (specifier, context, next) => next(specifier, { ...context, conditions: [...context.conditions, "@boomerang/source"] });');
  (await import('tsx/esm/api')).register();
}
const { main } = await import(fromSource ? '../src/main.ts' : '../dist/main.js');
process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() });
