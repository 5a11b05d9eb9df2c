#!/usr/bin/env node
// `npm create boomerang@latest`. Installed, it runs the compiled dist/; in a checkout of the Boomerang
// repository, where src/ is (it is not published), its TypeScript sources.
import { existsSync } from 'node:fs';

const fromSource = existsSync(new URL('../src/create.ts', import.meta.url));
if (fromSource) (await import('tsx/esm/api')).register();
const { create } = await import(fromSource ? '../src/create.ts' : '../dist/create.js');
process.exitCode = await create(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env });
