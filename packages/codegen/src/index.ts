export { defineConfig, type BoomerangConfig, type TargetConfig } from './config.ts';
export { CodegenError } from './errors.ts';
export { loadDefinition } from './load-definition.ts';
export { thrownAt } from './load-error.ts';
export { createUserModuleLoader, type UserModuleLoader } from './user-modules.ts';
export { finishFile, generatedHeader, outputPathProblem, printablePath, type FileMode, type PlannedFile } from './file-set.ts';
export { createRenderCache, generate, type GenerateOptions, type GenerateResult, type RenderCache, type RunInputs, type StepEvent, type TargetResult } from './generate.ts';
export { buildGenerationInput, type GenerationInput } from './generation-input.ts';
export { findConfigFile, loadConfig } from './load-config.ts';
export { openapiTypes } from './openapi-types.ts';
export { renderTemplatePackage } from './render.ts';
export { loadTemplatePackage, manifestFileName, resolveTemplateDir, type TemplateInput, type TemplateManifest, type HelpersModule } from './template-package.ts';
export {
  manifestName,
  staleFiles,
  writeFiles,
  writeOutputs,
  type EditedFile,
  type IgnoredEntry,
  type KeptFile,
  type OutputPlan,
  type WriteMode,
  type WriteOptions,
  type WriteReport,
} from './writer.ts';
