/**
 * The target's options (`boomerang.config.ts` → `targets[].options`), checked once and resolved into
 * a read-only value. Every mistake is reported together, each naming the option and the fix.
 */
import { CodegenError } from '@boomerang/codegen';
import { resolveLogo, type Logo } from './logo.ts';
import { themeOptionNames, type Theme } from './theme.ts';

export interface DocsOptions {
  /** Replaces the API's `info.title` in the docs (and so the page title). */
  readonly title?: string;
  readonly logo?: Logo;
  readonly theme: Theme;
}

export const optionNames = ['title', 'logo', ...themeOptionNames] as const;

/** A CSS colour the theme can put in a custom property as it is: no `;`, braces, quotes or `<`. */
const cssColor = /^(#[0-9a-f]{3,8}|[a-z]+|(rgb|rgba|hsl|hsla|hwb|lab|lch|oklab|oklch|color)\([0-9a-z.,%/\s+-]*\))$/i;

export function resolveOptions(options: Readonly<Record<string, unknown>>): DocsOptions {
  const problems: string[] = [];
  for (const name of Object.keys(options).sort()) {
    if (!(optionNames as readonly string[]).includes(name)) problems.push(`unknown option \`${name}\`; the options are ${optionNames.join(', ')}`);
  }
  const theme: Record<string, string> = {};
  for (const name of themeOptionNames) {
    const value = options[name];
    if (value === undefined) continue;
    if (typeof value === 'string' && cssColor.test(value.trim())) theme[name] = value.trim();
    else problems.push(`\`${name}\` must be a CSS colour such as #0b7a75, rgb(11 122 117) or teal, not ${JSON.stringify(value)}`);
  }
  const title = options.title;
  if (title !== undefined && (typeof title !== 'string' || title.trim() === '')) problems.push(`\`title\` must be a non-empty string, not ${JSON.stringify(title)}`);
  let logo: Logo | undefined;
  if (options.logo !== undefined) {
    const resolved = resolveLogo(options.logo);
    if (typeof resolved === 'string') problems.push(resolved);
    else logo = resolved;
  }
  if (problems.length > 0) {
    throw new CodegenError(
      `docs-redoc: ${problems.length === 1 ? 'an option is' : 'options are'} not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
      'Fix `options` of the docs-redoc target in boomerang.config.ts; templates/docs-redoc/README.md lists the options.',
    );
  }
  return {
    ...(typeof title === 'string' ? { title: title.trim() } : {}),
    ...(logo !== undefined ? { logo } : {}),
    theme,
  };
}
