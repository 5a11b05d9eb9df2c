/**
 * A small logger for servers that do not bring one (Fastify brings pino): one JSON object a line, in
 * pino's shape (`level` as a number, `time`, `pid`, `hostname`, the bindings, the fields, `msg`), so
 * that the same tools read the logs of every server target, and with pino's calling conventions
 * (`log.info({ invoice }, 'queued')`, `log.error(error)`, `child(bindings, { level })`), so that a
 * handler's logging compiles against either.
 */
import { hostname } from 'node:os';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface LogFn {
  (message: string): void;
  (object: object, message?: string): void;
}

/** A logger: this module's, or pino's (what `Fastify().log` is) or any other of that shape. */
export interface Logger {
  readonly level: string;
  readonly fatal: LogFn;
  readonly error: LogFn;
  readonly warn: LogFn;
  readonly info: LogFn;
  readonly debug: LogFn;
  readonly trace: LogFn;
  /** A logger whose every line carries `bindings`, at `options.level` (default: this one's). */
  child(bindings: Readonly<Record<string, unknown>>, options?: { readonly level?: LogLevel }): Logger;
  /** Whether a line at `level` is written (pino's base logger type lacks it: `level` tells then). */
  isLevelEnabled?(level: LogLevel): boolean;
}

/** Whether `log` writes lines at `level`. */
export function logsAt(log: Logger, level: LogLevel): boolean {
  if (typeof log.isLevelEnabled === 'function') return log.isLevelEnabled(level);
  return Object.hasOwn(levels, log.level) && levels[level] >= levels[log.level as LogLevel];
}

export interface JsonLoggerOptions {
  /** The least severe level written (default `info`); `silent` writes nothing. */
  readonly level?: LogLevel;
  /** Where each line goes, without its newline (default: standard output). */
  readonly write?: (line: string) => void;
}

/** pino's level numbers. */
const levels: Readonly<Record<LogLevel, number>> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity };

function writeToStdout(line: string): void {
  const stdout = (globalThis as { process?: { stdout?: { write(text: string): unknown } } }).process?.stdout;
  if (stdout) stdout.write(`${line}\n`);
  else console.log(line);
}

/** Throws a `RangeError` for a level that is not one of pino's (`LOG_LEVEL=verbose`). */
export function createJsonLogger(options: JsonLoggerOptions = {}): Logger {
  const level = options.level ?? 'info';
  if (!Object.hasOwn(levels, level)) throw new RangeError(`Unknown log level ${JSON.stringify(level)}: use one of ${Object.keys(levels).join(', ')}.`);
  const base = JSON.stringify({ pid: (globalThis as { process?: { pid?: number } }).process?.pid, hostname: safeHostname() }).slice(1, -1);
  return new JsonLogger(level, options.write ?? writeToStdout, base, undefined);
}

class JsonLogger implements Logger {
  readonly #threshold: number;
  readonly #write: (line: string) => void;
  /** The members every line starts with, serialized: the base and the bindings (this child's own added on first use). */
  #prefix: string;
  /** This child's own bindings until they are serialized: a child made per request may write no line. */
  #bindings: Readonly<Record<string, unknown>> | undefined;

  constructor(
    readonly level: LogLevel,
    write: (line: string) => void,
    prefix: string,
    bindings: Readonly<Record<string, unknown>> | undefined,
  ) {
    this.#threshold = levels[level];
    this.#write = write;
    this.#prefix = prefix;
    this.#bindings = bindings;
  }

  fatal(first: object | string, message?: string): void {
    this.#log(60, first, message);
  }
  error(first: object | string, message?: string): void {
    this.#log(50, first, message);
  }
  warn(first: object | string, message?: string): void {
    this.#log(40, first, message);
  }
  info(first: object | string, message?: string): void {
    this.#log(30, first, message);
  }
  debug(first: object | string, message?: string): void {
    this.#log(20, first, message);
  }
  trace(first: object | string, message?: string): void {
    this.#log(10, first, message);
  }

  child(bindings: Readonly<Record<string, unknown>>, options: { readonly level?: LogLevel } = {}): Logger {
    const level = options.level ?? this.level;
    if (!Object.hasOwn(levels, level)) throw new RangeError(`Unknown log level ${JSON.stringify(level)}.`);
    return new JsonLogger(level, this.#write, this.#fullPrefix(), bindings);
  }

  isLevelEnabled(level: LogLevel): boolean {
    return levels[level] >= this.#threshold;
  }

  #fullPrefix(): string {
    if (this.#bindings !== undefined) {
      const own = serialize(this.#bindings).slice(1, -1);
      if (own !== '') this.#prefix = this.#prefix === '' ? own : `${this.#prefix},${own}`;
      this.#bindings = undefined;
    }
    return this.#prefix;
  }

  #log(level: number, first: object | string, message: string | undefined): void {
    if (level < this.#threshold) return;
    let fields: object | undefined;
    let msg = message;
    if (typeof first === 'string') msg = first;
    else if (first instanceof Error) {
      fields = { err: first };
      msg ??= first.message;
    } else fields = first;
    const own = fields === undefined ? '' : serialize(fields).slice(1, -1);
    const prefix = this.#fullPrefix();
    this.#write(`{"level":${level},"time":${Date.now()}${prefix === '' ? '' : `,${prefix}`}${own === '' ? '' : `,${own}`}${msg === undefined ? '' : `,"msg":${JSON.stringify(msg)}`}}`);
  }
}

/** A logger that writes nothing. */
export const silentLogger: Logger = createJsonLogger({ level: 'silent', write: () => {} });

/** Errors (at any depth) as `{ type, message, stack, ... }`, as pino's `err` serializer writes them; what cannot be serialized says so. */
function serialize(value: object): string {
  try {
    return JSON.stringify(value, (_key, member: unknown) => (member instanceof Error ? { ...member, type: member.name, message: member.message, stack: member.stack } : member)) ?? '{}';
  } catch (error) {
    return JSON.stringify({ logError: `the fields could not be serialized: ${(error as Error).message}` });
  }
}

function safeHostname(): string | undefined {
  try {
    return hostname();
  } catch {
    return undefined;
  }
}
