export * from './definition.ts';
export * from './diagnostics.ts';
export type * from './model.ts';
export { buildApiModel, type BuildResult } from './build/build-model.ts';
export { camelWords, deriveOperationId, pascalWords } from './build/operation-id.ts';
export { compileUrlBuilder, UrlBuilderMisuse, type Expression, type ExpressionOf, type UrlBuilder, type UrlBuilderArgument } from './url-builder.ts';
export { emitOpenApi, signatureSchemeName, type EmitOptions, type EmitResult } from './openapi/document.ts';
export { deliveryAuth, signedDelivery, withUnsignedDeliveries, type DeliveryAuth, type DeliveryAuthResult, type DeliveryCredential } from './openapi/signature.ts';
export type { OpenApiVersion } from './openapi/emit-context.ts';
export { serializeDocument, type DocumentFormat } from './openapi/serialize.ts';
export * from './runtime-expression/index.ts';
// Did-you-mean for any name a user may misspell (codegen's config keys, the CLI's commands).
export { closestName } from './runtime-expression/closest-name.ts';
export { buildReceiverRoutes, eventHeader, splitUrl, type ReceiverRoute, type RouteParameter } from './receiver/receiver-routes.ts';
export { emitReceiverDocument } from './openapi/receiver-document.ts';
export { bundleSchema } from './schema/bundle.ts';
// The per-operation view every server target's templates print (types, request schemas, replies, callbacks).
export { buildServerView, isJsonContentType, mediaTypeOf, type ServerOperationView, type ServerView, type ServerViewInput } from './server/server-view.ts';
export { parameterStylesKey, styledParameters, type StyledParameterView } from './server/parameter-styles.ts';
// Reusable components: parameters, responses, request bodies, headers, examples, callbacks, path items.
export {
  defineCallback,
  defineExample,
  defineHeader,
  defineParameter,
  definePathItem,
  defineRequestBody,
  defineResponse,
  reference,
  componentDefiners,
  type CallbackNeeds,
  type Component,
  type ComponentKind,
  type ComponentOptions,
  type ExampleDefinition,
  type HeaderDefinition,
  type ParameterDefinition,
  type ParameterIn,
} from './components.ts';
