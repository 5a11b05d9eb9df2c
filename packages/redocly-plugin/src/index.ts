/**
 * `@boomerang/redocly-plugin`: the Redocly plugin `boomerang`, with the rule
 * `boomerang/runtime-expression` and a `boomerang/recommended` config that enables it as an error.
 * Redocly 2.x imports this module and calls its default export (a function returning the plugin).
 * @see https://redocly.com/docs/cli/custom-plugins
 */
import type { RedoclyPlugin } from './redocly-rule-api.ts';
import { runtimeExpressionRule } from './rules/runtime-expression.ts';

export default function boomerangRedoclyPlugin(): RedoclyPlugin {
  return {
    id: 'boomerang',
    rules: { oas3: { 'runtime-expression': runtimeExpressionRule } },
    configs: { recommended: { rules: { 'boomerang/runtime-expression': 'error' } } },
  };
}
