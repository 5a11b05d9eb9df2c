/** importedFiles: what a module imports among the files a loader ran, however its specifiers are written. */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importedFiles } from '../src/module-graph.ts';

const root = realpathSync(mkdtempSync(join(tmpdir(), 'boomerang-graph-')));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const files: Record<string, string> = {
  'entry.ts': "import { a } from './a.js';\nimport './b';\nexport { c } from './c/index.ts';\nconst d = await import('./d.mts');\nimport { readFileSync } from 'node:fs';\nimport { w } from 'workspace-lib';\nimport type { T } from './types.ts';\n",
  'a.ts': "import { deep } from './deep/x.ts';\n",
  'deep/x.ts': "const y = require('../y.cjs');\n",
  'y.cjs': 'module.exports = 1;\n',
  'b.ts': '',
  'c/index.ts': '',
  'd.mts': '',
  'types.ts': '',
  'unrelated.ts': "import './a.ts';\n",
  'packages/lib/index.ts': "import './inner.ts';\n",
  'packages/lib/inner.ts': '',
  'packages/lib/package.json': '{ "name": "workspace-lib", "type": "module" }\n',
};
for (const [path, content] of Object.entries(files)) {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), content);
}
// A workspace package: node_modules/workspace-lib is a link to its folder of sources.
mkdirSync(join(root, 'node_modules'), { recursive: true });
symlinkSync(join(root, 'packages/lib'), join(root, 'node_modules/workspace-lib'));

const abs = (paths: string[]) => paths.map((p) => join(root, p)).sort();

describe('importedFiles', () => {
  it.each<[string, { loaded: string[]; want: string[] }]>([
    [
      'follows .js to .ts, extensionless and index specifiers, dynamic imports and require, to the files that are there, whether or not the loader has said it ran them',
      { loaded: ['entry.ts', 'unrelated.ts'], want: ['entry.ts', 'a.ts', 'b.ts', 'c/index.ts', 'd.mts', 'deep/x.ts', 'y.cjs', 'types.ts', 'packages/lib/package.json'] },
    ],
    [
      'counts every file that ran of a package it imports by name, and what they import',
      { loaded: ['entry.ts', 'packages/lib/index.ts', 'packages/lib/inner.ts'], want: ['entry.ts', 'a.ts', 'b.ts', 'c/index.ts', 'd.mts', 'deep/x.ts', 'y.cjs', 'types.ts', 'packages/lib/package.json', 'packages/lib/index.ts', 'packages/lib/inner.ts'] },
    ],
  ])('%s', (_name, { loaded, want }) => {
    expect(importedFiles(join(root, 'entry.ts'), abs(loaded))).toEqual(abs(want));
  });

  it("leaves out Node's own modules and a specifier that names nothing there", () => {
    writeFileSync(join(root, 'lone.ts'), "import { readFileSync } from 'node:fs';\nimport './missing.ts';\nimport 'not-installed';\n");
    expect(importedFiles(join(root, 'lone.ts'), [])).toEqual([join(root, 'lone.ts')]);
  });
});
