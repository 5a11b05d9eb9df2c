/** Where things are, for the receiver template's tests. */
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
export const templateDir = fileURLToPath(new URL('../../', import.meta.url));
/** Scratch space inside the repo (git-ignored `.tmp/`), so generated code resolves the repo's packages. */
export const scratchRoot = fileURLToPath(new URL('../.tmp/', import.meta.url));
export const tscBin = `${repoRoot}node_modules/typescript/bin/tsc`;
export const binDir = `${repoRoot}node_modules/.bin`;

export const exampleReceiver = (name: 'invoices' | 'subscriptions') => `${repoRoot}examples/${name}/receiver`;
