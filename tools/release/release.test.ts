import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cleanNpmEnv } from '../registry/local-registry.ts';

const repo = fileURLToPath(new URL('../../', import.meta.url));

describe('npm run release', () => {
  // The end-to-end test (tools/e2e) releases for real; this is the refusal, which comes before any build.
  it('refuses to publish when the environment names no registry, and says how to name one', () => {
    const env = cleanNpmEnv();
    delete env.npm_config_registry;
    delete env.NPM_CONFIG_REGISTRY;
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'tools/release/release.ts'], { cwd: repo, env, encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('release: say where to publish: npm_config_registry=<registry URL> npm run release (e.g. https://registry.npmjs.org/). `--dry-run` checks everything without publishing.\n');
  });
});
