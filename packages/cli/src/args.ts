/**
 * A command's arguments, parsed by node:util's parseArgs; a mistake in them is bad usage (exit code 2).
 * Async only so that @boomerang/core (its did-you-mean) is loaded for a mistake, not for every run.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { usageError } from './io.ts';

type Options = NonNullable<ParseArgsConfig['options']>;
/** Spelt out: @types/node does not export the type parseArgs returns, and declarations must name it. */
type Parsed<T extends Options> = ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; strict: true; options: T }>>;

export async function parseCommandArgs<const T extends Options>(command: string, args: readonly string[], options: T): Promise<Parsed<T>> {
  try {
    return parseArgs({ args: [...args], allowPositionals: true, strict: true, options });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // parseArgs says `Unknown option '--dryrun'. To specify a positional argument starting with a '-', ...`.
    const unknown = /^Unknown option '([^']+)'/.exec(message)?.[1];
    if (unknown === undefined) throw usageError(message, command);
    const { closestName } = await import('@boomerang/core');
    const known = Object.entries(options).flatMap(([name, option]) => [`--${name}`, ...(option.short ? [`-${option.short}`] : [])]);
    const close = closestName(unknown, known);
    throw usageError(`unknown option \`${unknown}\` for \`boomerang ${command}\`${close ? `; did you mean \`${close}\`?` : `; it takes ${known.filter((o) => o.startsWith('--')).join(', ') || 'no options'}.`}`, command);
  }
}

/** The subcommand that comes first in `args` (`boomerang deliveries list ...`), and the arguments after it. */
export async function splitSubcommand<const N extends string>(command: string, args: readonly string[], names: readonly N[]): Promise<{ name: N; rest: readonly string[] }> {
  const [first, ...rest] = args;
  const list = `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
  if (first === undefined || first.startsWith('-')) throw usageError(`\`boomerang ${command}\` needs a subcommand first: ${list}.`, command);
  if ((names as readonly string[]).includes(first)) return { name: first as N, rest };
  const { closestName } = await import('@boomerang/core');
  const close = closestName(first, names);
  throw usageError(`unknown subcommand \`${first}\` for \`boomerang ${command}\`${close ? `; did you mean \`${close}\`?` : `; it takes ${list}.`}`, command);
}
