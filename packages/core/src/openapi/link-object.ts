/**
 * Links Object of a response, and Example Objects (named examples) of parameters and media types.
 * https://spec.openapis.org/oas/v3.1.0#link-object
 * https://spec.openapis.org/oas/v3.1.0#example-object
 */
import { componentName } from '../build/components.ts';
import type { LinkDefinition, NamedExample, NamedExamples } from '../definition.ts';
import { referenced, referenceObject } from './components-object.ts';
import type { EmitContext } from './emit-context.ts';
import { extensionFields, pickExtensions } from './extensions.ts';
import { serverObject } from './server-object.ts';

export function linkObject(link: LinkDefinition): Record<string, unknown> {
  return {
    ...(link.operationRef !== undefined ? { operationRef: link.operationRef } : {}),
    ...(link.operationId !== undefined ? { operationId: link.operationId } : {}),
    ...(link.parameters !== undefined ? { parameters: structuredClone({ ...link.parameters }) } : {}),
    ...(link.requestBody !== undefined ? { requestBody: structuredClone(link.requestBody) } : {}),
    ...(link.description !== undefined ? { description: link.description } : {}),
    ...(link.server !== undefined ? { server: serverObject(link.server) } : {}),
    ...extensionFields(pickExtensions(link)),
  };
}

/** `{ links }` of a response, by link name, or nothing. */
export function linksField(links: Readonly<Record<string, LinkDefinition>> | undefined): Record<string, unknown> {
  if (links === undefined || Object.keys(links).length === 0) return {};
  return { links: Object.fromEntries(Object.entries(links).map(([name, link]) => [name, linkObject(link)])) };
}

/** `{ examples }`, each an Example Object in the order written (a `$ref` for a reusable one, `defineExample(..., { id })`), or nothing. */
export function examplesField(examples: NamedExamples | undefined, ctx?: EmitContext): Record<string, unknown> {
  if (examples === undefined) return {};
  return {
    examples: Object.fromEntries(
      Object.entries(examples).map(([name, e]) => {
        const component = componentName(e, 'examples');
        return [name, ctx !== undefined && referenced(component, ctx) ? referenceObject('examples', component) : exampleObject(e)];
      }),
    ),
  };
}

/** https://spec.openapis.org/oas/v3.1.0#example-object */
export function exampleObject(e: NamedExample): Record<string, unknown> {
  return {
    ...(e.summary !== undefined ? { summary: e.summary } : {}),
    ...(e.description !== undefined ? { description: e.description } : {}),
    value: structuredClone(e.value),
    ...extensionFields(pickExtensions(e)),
  };
}
