/**
 * The task pipeline, written once and rendered for both runners: `generate` before `build`, both
 * before `test`. Nx gets it as `targetDefaults` (its `generate` target is inferred by the plugin);
 * turbo gets it as `tasks`, where `generate` is each package's `generate` script.
 *
 * Merges keep the user's values: a task they configured only gains a missing `generate` dependency.
 */

/** What each task waits for, when the user has not said. */
const dependsOn = {
  build: ['generate', '^build'],
  test: ['generate', 'build'],
} as const;

type Json = Record<string, unknown>;

/**
 * turbo cannot read boomerang.config.ts, so it gets the writer's conventions: documents in
 * `generated/`, each target's generated files in `<output>/generated/`, one manifest per output
 * folder. A package that generates deeper declares its own outputs in a package turbo.json.
 */
export const turboGenerateTask = {
  inputs: ['$TURBO_DEFAULT$', '!generated/**', '!*/generated/**', '!.boomerang-manifest.json', '!*/.boomerang-manifest.json'],
  outputs: ['generated/**', '*/generated/**', '.boomerang-manifest.json', '*/.boomerang-manifest.json'],
} as const;

/** nx.json `targetDefaults` with the pipeline added. Array-form (filtered) defaults are the user's business and left alone. */
export function withNxPipeline(targetDefaults: Json | undefined): Json {
  const result: Json = { ...targetDefaults };
  for (const [task, needs] of Object.entries(dependsOn)) {
    const current = result[task];
    if (current === undefined) result[task] = { dependsOn: [...needs], cache: true };
    else if (isObject(current)) result[task] = { ...current, dependsOn: withGenerate(current.dependsOn, needs) };
  }
  return result;
}

/** turbo.json with the pipeline added (turbo 2 `tasks`; a turbo 1 `pipeline` is extended in place); a new one when there was none. */
export function withTurboPipeline(turbo: Json | undefined): Json {
  const result: Json = { ...(turbo ?? { $schema: 'https://turbo.build/schema.json' }) };
  const key = isObject(result.pipeline) && !isObject(result.tasks) ? 'pipeline' : 'tasks';
  const tasks: Json = { ...(isObject(result[key]) ? result[key] : {}) };
  if (tasks.generate === undefined) tasks.generate = { inputs: [...turboGenerateTask.inputs], outputs: [...turboGenerateTask.outputs] };
  for (const [task, needs] of Object.entries(dependsOn)) {
    const current = tasks[task];
    if (current === undefined) tasks[task] = task === 'build' ? { dependsOn: [...needs], outputs: ['dist/**'] } : { dependsOn: [...needs] };
    else if (isObject(current)) tasks[task] = { ...current, dependsOn: withGenerate(current.dependsOn, needs) };
  }
  result[key] = tasks;
  return result;
}

/** The user's list plus `generate`; the whole default when they had none. */
function withGenerate(current: unknown, defaults: readonly string[]): unknown {
  if (current === undefined) return [...defaults];
  if (!Array.isArray(current)) return current;
  return current.some((entry) => entry === 'generate' || (isObject(entry) && entry.target === 'generate' && entry.projects === undefined && entry.dependencies === undefined)) ? current : [...current, 'generate'];
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
