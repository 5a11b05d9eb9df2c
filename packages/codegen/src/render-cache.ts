/**
 * What lets a long-lived process (`generate --watch`, `boomerang dev`) skip rendering a target whose
 * inputs are as they were when it last rendered it, where the whole-run cache (generate-cache.ts)
 * cannot skip the run: an edit of one template package's file re-renders that target alone, and an
 * edit of the definition that changes nothing in the model re-renders none. The writer still gets
 * the target's files (the last render's), so a generated file deleted or edited since is put back as
 * it always is.
 *
 * A target's inputs, hashed as input-hash.ts hashes a run's:
 * - what every template is given from the definition, by content: the model, the receiver routes,
 *   both documents and openapi-typescript's types (a Standard Schema in the model counts by its
 *   vendor: what templates read of it is its JSON Schema, which is there beside it);
 * - its options (a function by its source), the paths it is given, and the files its options name;
 * - its template package (every file of it in a checkout, its package.json installed), its helpers
 *   module and every module that imports (module-graph.ts), and Boomerang itself.
 * The documents target's are the document it writes and its formats. What it cannot see is what
 * input-hash.ts cannot: a file a helper reads by itself, an environment variable.
 */
import { createHash } from 'node:crypto';
import type { PlannedFile } from './file-set.ts';
import { boomerangFingerprint, inputHash, type InputList } from './input-hash.ts';

/** What a target rendered, and what its next render would be made from. */
export interface Rendered {
  /** The target's name: its template package's, `openapi` for the documents. */
  readonly name: string;
  /** The helpers module and what it imports, as the last render loaded them: the next key is made of them. */
  readonly helperFiles: readonly string[];
  readonly files: readonly PlannedFile[];
}

/** Kept by the caller from one run to the next (in memory: it is made for one process's runs). */
export interface RenderCache {
  /** Target (template and output folder) → its last render and the hash of the inputs it was made from. */
  readonly entries: Map<string, Rendered & { readonly key: string }>;
}

export function createRenderCache(): RenderCache {
  return { entries: new Map() };
}

/** A target's inputs besides the definition's and its helpers': the files its options name, its package, its settings. */
export type TargetInputs = Omit<InputList, 'settings'> & { readonly settings: unknown };

/** One run's use of the cache. */
export interface RunRenders {
  /** The last render of `target`, when its inputs hash as they did then; nothing is loaded to tell. */
  reuse(target: string, inputs: TargetInputs): Rendered | undefined;
  /** Keeps a render, unless an input changed since the run began (then the render may not be of what is there). */
  keep(target: string, inputs: TargetInputs, rendered: Rendered): void;
  /** The run generated: forgets the targets it did not have (taken out of the config). */
  finish(): void;
}

const noRenders: RunRenders = { reuse: () => undefined, keep: () => undefined, finish: () => undefined };

/**
 * Begins a run that renders from `input` (what every template is given). `startedAt` is the file
 * system's time at its start (generate-cache.ts's beginRun); without it nothing is kept.
 */
export function beginRenders(cache: RenderCache | undefined, input: unknown, startedAt: bigint | undefined): RunRenders {
  const inputDigest = cache === undefined ? undefined : digest(input);
  if (cache === undefined || inputDigest === undefined) return noRenders;
  let boomerang: string | undefined;
  const seen = new Set<string>();
  const key = (inputs: TargetInputs, helperFiles: readonly string[], unchangedSince?: bigint) => {
    const settings = digest(inputs.settings);
    boomerang ??= boomerangFingerprint();
    if (settings === undefined || boomerang === undefined) return undefined;
    const list: InputList = { files: [...inputs.files, ...helperFiles], packages: inputs.packages, settings: { input: inputDigest, settings } };
    return inputHash(list, { boomerang, ...(unchangedSince === undefined ? {} : { unchangedSince }) });
  };
  return {
    reuse(target, inputs) {
      seen.add(target);
      const last = cache.entries.get(target);
      if (last === undefined || key(inputs, last.helperFiles) !== last.key) return undefined;
      return last;
    },
    keep(target, inputs, rendered) {
      seen.add(target);
      const made = startedAt === undefined ? undefined : key(inputs, rendered.helperFiles, startedAt);
      if (made === undefined) cache.entries.delete(target);
      else cache.entries.set(target, { ...rendered, key: made });
    },
    finish() {
      for (const target of cache.entries.keys()) if (!seen.has(target)) cache.entries.delete(target);
    },
  };
}

/** A sha256 of a value as JSON, functions by their source; undefined for one JSON cannot hold (a cycle). */
function digest(value: unknown): string | undefined {
  try {
    return createHash('sha256').update(JSON.stringify(value, jsonOf) ?? 'undefined').digest('hex');
  } catch {
    return undefined;
  }
}

function jsonOf(_key: string, value: unknown): unknown {
  if (typeof value === 'function') return `function ${String(value)}`;
  if (typeof value === 'bigint') return `${value}n`;
  if (value instanceof Map) return { '~map': [...value] };
  if (value instanceof Set) return { '~set': [...value] };
  if (typeof value === 'object' && value !== null && '~standard' in value) return { '~standard': (value as { '~standard': { vendor?: unknown } })['~standard'].vendor };
  return value;
}
