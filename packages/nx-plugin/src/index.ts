/**
 * @boomerang/nx: the Nx plugin. Nx reads `createNodesV2` (inferred targets for every
 * boomerang.config.ts) from here, and generators.json names the generators exported below.
 */
export { createNodesV2, inferTargets, type BoomerangPluginOptions } from './plugin.ts';
export { initGenerator } from './generators/init/init.ts';
export { serviceGenerator } from './generators/service/service.ts';
export { templateGenerator } from './generators/template/template.ts';
export { withNxPipeline, withTurboPipeline, turboGenerateTask } from './pipeline.ts';
export type { InitGeneratorSchema } from './generators/init/schema.d.ts';
export type { ServiceGeneratorSchema } from './generators/service/schema.d.ts';
export type { TemplateGeneratorSchema } from './generators/template/schema.d.ts';
