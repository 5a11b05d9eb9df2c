/**
 * The operations' routes, by method and OpenAPI path template, for telling a 404 from a 405 where the
 * framework's router does not say which methods a path has (fetch-based targets): a path parameter
 * matches one non-empty segment, and a GET route answers HEAD too, as every target serves it.
 */

export interface RouteEntry {
  /** Upper case: `POST`. */
  readonly method: string;
  /** As the API declares it: `/orders/{orderId}`. */
  readonly path: string;
}

/** The methods that `path` (as requested, before `?`) has routes for, other than `method`, sorted. */
export type AllowedMethods = (method: string, path: string) => readonly string[];

export function compileRouteTable(routes: readonly RouteEntry[]): AllowedMethods {
  const compiled = routes.map((route) => ({
    method: route.method.toUpperCase(),
    pattern: new RegExp(`^${route.path.split(/\{[^}]*\}/).map(escapeRegExp).join('[^/]+')}$`),
  }));
  return (method, path) => {
    const methods = new Set<string>();
    for (const route of compiled) {
      if (!route.pattern.test(path)) continue;
      methods.add(route.method);
      if (route.method === 'GET') methods.add('HEAD');
    }
    methods.delete(method.toUpperCase());
    return [...methods].sort();
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
