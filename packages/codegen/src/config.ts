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
}

/** Declares a project's generation. Pure: `loadConfig` validates it. */
export function defineConfig(config: BoomerangConfig): BoomerangConfig {
  return config;
}
