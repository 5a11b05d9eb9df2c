/** `boomerang.config.ts`: which definition, and which targets (template packages) to generate. */
import type { DocumentFormat, OpenApiVersion } from '@boomerang/core';

export interface TargetConfig {
  /** A template package: a folder path (`./templates/mine`) or an npm package name (`@boomerang/template-server-fastify`). */
  readonly template: string;
  /** Where its files go, relative to the config file. */
  readonly output: string;
  /** Options the template package declares (see its README). */
  readonly options?: Readonly<Record<string, unknown>>;
}

export interface BoomerangConfig {
  /** The definition file, relative to the config file. Default `./api.ts`. */
  readonly definition?: string;
  /** The OpenAPI document(s) to write. Default: `generated/openapi.json` and `.yaml`, OpenAPI 3.1. */
  readonly openapi?: false | {
    readonly output?: string;
    readonly formats?: readonly DocumentFormat[];
    readonly version?: OpenApiVersion;
  };
  readonly targets?: readonly TargetConfig[];
  /**
   * Whether callbacks and webhooks whose definition declares no `security` are signed (Standard
   * Webhooks). Default true; `false` sends them unsigned, and the documents, the server and the
   * receiver all say so (as if each method said `security: []`). `boomerang generate --unsigned-deliveries` overrides it.
   */
  readonly signedDeliveries?: boolean;
}

/** Declares a project's generation. Pure: `loadConfig` validates it. */
export function defineConfig(config: BoomerangConfig): BoomerangConfig {
  return config;
}
