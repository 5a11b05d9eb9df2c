/**
 * The theme options → CSS. Redoc 3 (what `redocly build-docs` renders since Redocly CLI 2) takes no
 * theme object: it is styled by CSS custom properties, so the theme is a style sheet in the page
 * template, after Redoc's own styles.
 *
 * Selectors: Redoc declares its tokens on `:root` and again on `:root.dark` for the dark mode. The
 * accent and link colours apply in both modes (`html:root`, `html:root.dark` win over both); the
 * surface colours (text, background, sidebar) only in the light mode they were chosen for, so the
 * reader's dark mode stays readable.
 */

export const themeOptionNames = ['primaryColor', 'textColor', 'backgroundColor', 'sidebarColor', 'linkColor'] as const;
export type ThemeOption = (typeof themeOptionNames)[number];
export type Theme = Readonly<Partial<Record<ThemeOption, string>>>;

/** Each option and the Redoc tokens it sets; `{color}` is the colour. Tints mix it into the background. */
const tokens: Readonly<Record<ThemeOption, { readonly mode: 'both' | 'light'; readonly properties: Readonly<Record<string, string>> }>> = {
  primaryColor: {
    mode: 'both',
    properties: {
      '--color-primary-base': '{color}',
      '--color-primary-hover': 'color-mix(in srgb, {color} 85%, black)',
      '--color-primary-active': 'color-mix(in srgb, {color} 75%, black)',
      '--color-primary-text': '{color}',
      '--color-primary-text-hover': 'color-mix(in srgb, {color} 85%, black)',
      '--color-primary-text-active': 'color-mix(in srgb, {color} 75%, black)',
      '--color-primary-bg': 'color-mix(in srgb, {color} 8%, var(--bg-color))',
      '--color-primary-bg-hover': 'color-mix(in srgb, {color} 14%, var(--bg-color))',
      '--color-primary-border': 'color-mix(in srgb, {color} 35%, var(--bg-color))',
      '--color-primary-border-hover': 'color-mix(in srgb, {color} 50%, var(--bg-color))',
    },
  },
  linkColor: {
    mode: 'both',
    properties: {
      '--link-color-primary': '{color}',
      '--link-color-primary-hover': 'color-mix(in srgb, {color} 85%, black)',
      '--link-color-primary-pressed': 'color-mix(in srgb, {color} 75%, black)',
    },
  },
  textColor: { mode: 'light', properties: { '--text-color-primary': '{color}' } },
  backgroundColor: { mode: 'light', properties: { '--bg-color': '{color}' } },
  sidebarColor: { mode: 'light', properties: { '--sidebar-bg-color': '{color}' } },
};

const selectors = { both: 'html:root,\nhtml:root.dark', light: 'html:root:not(.dark)' } as const;

/**
 * The style sheet: the theme's rules (none without options), then the attribution fix-up.
 * The colours are already checked to be plain CSS colours (see options.ts).
 */
export function themeCss(theme: Theme): string {
  const rules: string[] = [];
  for (const mode of ['both', 'light'] as const) {
    const declarations = themeOptionNames
      .filter((name) => tokens[name].mode === mode && theme[name] !== undefined)
      .flatMap((name) => Object.entries(tokens[name].properties).map(([property, value]) => `  ${property}: ${value.replaceAll('{color}', theme[name]!)};`));
    if (declarations.length > 0) rules.push(`${selectors[mode]} {\n${declarations.join('\n')}\n}`);
  }
  // Redoc's "API docs by" badge shows Redocly's logo from their CDN. The page's CSP blocks that
  // request (nothing leaves the reader's machine), so the badge names Redoc in text instead.
  rules.push(`a[href="https://redocly.com/redoc/"] p::after {\n  content: " Redoc";\n}`);
  return rules.join('\n');
}
