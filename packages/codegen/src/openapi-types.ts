/**
 * TypeScript types of a document, by openapi-typescript (pinned; it needs TypeScript 5's compiler API).
 *
 * openapi-typescript and the TypeScript compiler it loads take longer to import than most runs take
 * to do anything else, so they are loaded when types are first asked for, never before. For a
 * `generate` run, `createTypesRunner` runs them in worker threads where there are CPUs to spare,
 * which start loading them as the run begins (while the definition loads and the model is built) and
 * turn both documents at once; and it keeps each result in the project's cache, keyed by the document and the versions of
 * openapi-typescript and TypeScript, so that a document that did not change is not turned again.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync, utimesSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { writeCacheFile } from './cache-folder.ts';

type OpenapiTypescript = typeof import('openapi-typescript');

const require = createRequire(import.meta.url);

/**
 * Its CommonJS build, in this thread and in the workers alike: it loads TypeScript's compiler with
 * `require`, twice as fast as through an ES import (which scans the 9 MB file for its exports first).
 */
const entry = () => require.resolve('openapi-typescript');

let loaded: OpenapiTypescript | undefined;

/** The types of one document, in this thread. */
export async function openapiTypes(document: Record<string, unknown>): Promise<string> {
  loaded ??= require(entry()) as OpenapiTypescript;
  // A copy: openapi-typescript fills in the document it is given (an empty `components`), and what
  // the templates get must not depend on whether the types came from the cache, a worker or here.
  const ast = await loaded.default(structuredClone(document) as never, { silent: true });
  return loaded.astToString(ast).replace(/\r\n?/g, '\n');
}

/**
 * A worker: loads openapi-typescript as soon as it starts, then turns each document it is sent
 * exactly as `openapiTypes` does (the same build, options and line endings). A CommonJS script, as
 * `eval` workers are, so that it needs no file of its own in src/ and dist/ alike.
 */
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
let loaded;
try {
  loaded = require(workerData.entry);
} catch (error) {
  loaded = error;
}
parentPort.on('message', async ({ id, document }) => {
  try {
    if (loaded instanceof Error) throw loaded;
    const { default: openapiTS, astToString } = loaded;
    const ast = await openapiTS(document, { silent: true });
    parentPort.postMessage({ id, text: astToString(ast).replace(/\\r\\n?/g, '\\n') });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
`;

export interface TypesRunner {
  /** The types of `document`: from the cache, from a run of this runner that turned the same document, or turned now. */
  types(document: Record<string, unknown>): Promise<string>;
  /** Stops the workers. */
  close(): void;
}

export interface TypesRunnerOptions {
  /** Where results are kept between runs (`<project>/node_modules/.cache/boomerang/openapi-typescript`); none when absent. */
  readonly cacheDir?: string;
  /**
   * Run in worker threads. By default, on a machine with 4 CPUs or more: there the workers load and
   * turn while this thread loads the definition and builds the model, on CPUs of their own; on fewer,
   * they would take this thread's CPU while it works, and a run measured slower with them.
   */
  readonly threads?: boolean;
}

/** Results kept: the documents of the last few runs (a branch switched back and forth still hits). */
const keptResults = 8;

export function createTypesRunner(options: TypesRunnerOptions = {}): TypesRunner {
  const path = entry();
  const versions = `openapi-typescript ${packageVersion('openapi-typescript')}, typescript ${packageVersion('typescript')}`;
  const workers = (options.threads ?? availableParallelism() >= 4) ? [startWorker(path), startWorker(path)] : [];
  /** What each worker was sent and has not answered; a worker that fails or exits fails what it had, and gets no more. */
  const pending = new Map<Worker, Map<number, { resolve: (text: string) => void; reject: (error: Error) => void }>>(workers.map((w) => [w, new Map()]));
  const fail = (worker: Worker, error: Error) => {
    for (const waiting of pending.get(worker)?.values() ?? []) waiting.reject(error);
    pending.delete(worker);
  };
  for (const worker of workers) {
    worker.on('message', ({ id, text, error }: { id: number; text?: string; error?: string }) => {
      const waiting = pending.get(worker)?.get(id);
      pending.get(worker)?.delete(id);
      if (error !== undefined) waiting?.reject(new Error(`openapi-typescript failed: ${error}`));
      else waiting?.resolve(text!);
    });
    worker.on('error', (error) => fail(worker, error));
    worker.on('exit', (code) => fail(worker, new Error(`openapi-typescript's worker thread exited (code ${code})`)));
  }
  const runs = new Map<string, Promise<string>>();
  let sent = 0;
  const turn = (document: Record<string, unknown>): Promise<string> => {
    const living = [...pending.keys()];
    if (living.length === 0) return openapiTypes(document);
    const id = sent++;
    const worker = living[id % living.length]!;
    return new Promise((resolve, reject) => {
      pending.get(worker)!.set(id, { resolve, reject });
      worker.postMessage({ id, document });
    });
  };
  return {
    types(document) {
      const key = createHash('sha256').update(`${versions}\n`).update(JSON.stringify(document)).digest('hex');
      let run = runs.get(key);
      if (run === undefined) {
        run = cached(options.cacheDir, key) ?? turn(document).then((text) => (options.cacheDir === undefined ? text : keep(options.cacheDir, key, text)));
        runs.set(key, run);
      }
      return run;
    },
    close() {
      for (const worker of workers) {
        pending.delete(worker); // terminated on purpose: nothing is waiting
        void worker.terminate();
      }
    },
  };
}

function startWorker(path: string): Worker {
  const worker = new Worker(workerSource, { eval: true, workerData: { entry: path } });
  worker.unref(); // a run that forgets close() still lets the process end
  return worker;
}

function packageVersion(name: string): string {
  return (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version;
}

/** A kept result, when there is one and it is whole (its text hashes to what was recorded with it). */
function cached(cacheDir: string | undefined, key: string): Promise<string> | undefined {
  if (cacheDir === undefined) return undefined;
  const file = join(cacheDir, `${key}.json`);
  try {
    const entry = JSON.parse(readFileSync(file, 'utf8')) as { sha256?: unknown; text?: unknown };
    if (typeof entry.text !== 'string' || entry.sha256 !== createHash('sha256').update(entry.text).digest('hex')) return undefined;
    const now = new Date();
    utimesSync(file, now, now); // recently used: kept when older ones are removed
    return Promise.resolve(entry.text);
  } catch {
    return undefined;
  }
}

function keep(cacheDir: string, key: string, text: string): string {
  writeCacheFile(join(cacheDir, `${key}.json`), `${JSON.stringify({ sha256: createHash('sha256').update(text).digest('hex'), text })}\n`);
  try {
    const entries = readdirSync(cacheDir)
      .filter((name) => name.endsWith('.json'))
      .map((name) => ({ path: join(cacheDir, name), mtime: statSync(join(cacheDir, name)).mtimeMs }))
      .sort((a, b) => b.mtime - a.mtime);
    for (const old of entries.slice(keptResults)) rmSync(old.path, { force: true });
  } catch {
    // The cache is an optimisation: a folder that cannot be listed or tidied changes no output.
  }
  return text;
}
