/** @boomerang/cli's own package.json: the version `--version` prints, where a bug is reported. */
import { readFileSync } from 'node:fs';

interface CliPackage {
  readonly version: string;
  readonly issues: string;
}

let cached: CliPackage | undefined;

export function cliPackage(): CliPackage {
  if (cached !== undefined) return cached;
  // ../package.json from both src/ (in the repository) and dist/ (installed).
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string; bugs?: { url?: string }; repository?: { url?: string } };
  const repository = pkg.repository?.url?.replace(/^git\+/, '').replace(/\.git$/, '');
  cached = { version: pkg.version, issues: pkg.bugs?.url ?? (repository ? `${repository}/issues` : 'the @boomerang/cli repository') };
  return cached;
}
