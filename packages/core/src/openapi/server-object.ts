/**
 * Server Object, for the servers of an operation, a Path Item (a callback URL, a webhook) or a link:
 * where they are given, they override the document's.
 * https://spec.openapis.org/oas/v3.1.0#server-object
 */
import type { ServerDefinition } from '../definition.ts';

export function serverObject(server: ServerDefinition): Record<string, unknown> {
  return structuredClone({ ...server });
}

/** `{ servers }` when the definition gives them, or nothing. */
export function serversField(servers: readonly ServerDefinition[] | undefined): Record<string, unknown> {
  return servers !== undefined ? { servers: servers.map(serverObject) } : {};
}
