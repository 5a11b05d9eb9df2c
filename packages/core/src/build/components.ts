/**
 * Reusable components in the build: which definition values are components (a `define*` value with
 * an `id`), the checks that hold across all their uses (a usable name, one value per name, a shared
 * path's parameters), and the parameters declared one by one (`request.parameters`, a path's shared
 * `parameters`).
 */
import { componentDefiners, componentOf, type ComponentKind, type ParameterDefinition } from '../components.ts';
import { httpMethods, type ApiDefinitionInput, type ParameterOptions, type CallbackDefinition, type OperationDefinition, type OutgoingOperationDefinition, type ResponsesDefinition } from '../definition.ts';
import { diagnostic, type Diagnostic } from '../diagnostics.ts';
import type { JsonSchema, JsonSchemaObject, ParameterLocation, ParameterModel } from '../model.ts';
import { isSchemaObject, type SchemaRegistry } from '../schema/schema-registry.ts';
import { isPlainObject } from './value-kind.ts';
import { withOwnStyle } from './parameter-options.ts';

/** The `components/<kind>` name of a value, or undefined for a value written in place (or a component of another kind). */
export function componentName(value: unknown, kind: ComponentKind): string | undefined {
  const mark = componentOf(value);
  return mark?.kind === kind ? mark.id : undefined;
}

const usableName = /^[a-zA-Z0-9._-]+$/;

const nouns: Record<ComponentKind, string> = {
  parameters: 'parameter',
  responses: 'response',
  requestBodies: 'request body',
  headers: 'header',
  examples: 'example',
  callbacks: 'callback',
  pathItems: 'path item',
};

const definers = componentDefiners;

/**
 * Every component use of the definition, checked: its name is a usable components key (BMR101),
 * and one name holds one value (BMR100: two `define*` calls with the same `id`).
 */
export function checkComponents(definition: ApiDefinitionInput): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const first = new Map<string, { origin: object; where: string }>();
  const use = (value: unknown, where: string) => {
    const mark = componentOf(value);
    if (mark?.id === undefined) return;
    const noun = nouns[mark.kind];
    const key = `${mark.kind}/${mark.id}`;
    const previous = first.get(key);
    if (previous === undefined) {
      first.set(key, { origin: mark.origin, where });
      if (!usableName.test(mark.id)) {
        diagnostics.push(diagnostic('BMR101', where, `the ${noun} name \`${mark.id}\` is not usable as a components/${mark.kind} key.`, `Names may contain only letters, digits, \`.\`, \`-\` and \`_\`: \`${definers[mark.kind]}(..., { id: '${mark.id.replace(/[^a-zA-Z0-9._-]+/g, '_')}' })\`.`));
      }
    } else if (previous.origin !== mark.origin) {
      diagnostics.push(diagnostic('BMR100', where, `two different ${noun}s are named \`${mark.id}\`: this one, and the one used at ${previous.where}.`, `Declare the ${noun} once (\`const X = ${definers[mark.kind]}(..., { id: '${mark.id}' })\`) and use that value at both places, or give one of them another \`id\`.`));
    }
  };
  const examples = (map: unknown, where: string) => {
    if (isPlainObject(map)) for (const [name, example] of Object.entries(map)) use(example, `${where} › examples.${name}`);
  };
  const bodyExamples = (body: unknown, where: string) => {
    if (isPlainObject(body) && !('~standard' in body)) examples(body.examples, where);
  };
  const request = (req: OperationDefinition['request'] | OutgoingOperationDefinition['request'], where: string) => {
    (req?.parameters ?? []).forEach((p, i) => {
      use(p, `${where} › request.parameters[${i}]`);
      examples(p.examples, `${where} › request.parameters[${i}]`);
    });
    use(req?.body, `${where} › request body`);
    bodyExamples(req?.body, `${where} › request body`);
  };
  const parameterOptions = (options: unknown, where: string) => {
    if (!isPlainObject(options)) return;
    for (const [location, byName] of Object.entries(options)) {
      if (isPlainObject(byName)) for (const [name, option] of Object.entries(byName)) if (isPlainObject(option)) examples(option.examples, `${where} › parameterOptions.${location}.${name}`);
    }
  };
  const responses = (rs: ResponsesDefinition | undefined, where: string) => {
    for (const [status, response] of Object.entries(rs ?? {})) {
      const here = `${where} › response ${status}`;
      use(response, here);
      if (isPlainObject(response) && !('~standard' in response)) bodyExamples(response.body, `${here} › body`);
      const headers = isPlainObject(response) ? (response as { headers?: unknown }).headers : undefined;
      if (isPlainObject(headers) && !('~standard' in headers)) {
        for (const [name, header] of Object.entries(headers)) {
          use(header, `${here} › header ${name}`);
          if (isPlainObject(header)) examples(header.examples, `${here} › header ${name}`);
        }
      }
    }
  };
  const methods = (owner: object, where: string) => {
    for (const method of httpMethods) {
      const o = (owner as Partial<Record<string, OutgoingOperationDefinition>>)[method];
      if (o === undefined) continue;
      request(o.request, `${where} › ${method.toUpperCase()}`);
      parameterOptions(o.parameterOptions, `${where} › ${method.toUpperCase()}`);
      responses(o.responses, `${where} › ${method.toUpperCase()}`);
    }
  };
  for (const [path, item] of Object.entries(definition.paths ?? {})) {
    (item.parameters ?? []).forEach((p, i) => {
      use(p, `paths ${path} › parameters[${i}]`);
      examples(p.examples, `paths ${path} › parameters[${i}]`);
    });
  }
  (definition.operations ?? []).forEach((op, index) => {
    const where = `operation ${String(op.method).toUpperCase()} ${op.path || `#${index}`}`;
    request(op.request, where);
    parameterOptions(op.parameterOptions, where);
    responses(op.responses, where);
    for (const [name, input] of Object.entries(op.callbacks ?? {})) {
      const list = (Array.isArray(input) ? input : [input]) as readonly CallbackDefinition<unknown>[];
      for (const callback of list) {
        use(callback, `${where} › callback ${name}`);
        methods(callback, `${where} › callback ${name}`);
      }
    }
  });
  const webhooks: [string, object][] = Array.isArray(definition.webhooks)
    ? definition.webhooks.map((w) => [w.name, w])
    : Object.entries(definition.webhooks ?? {});
  for (const [name, webhook] of webhooks) {
    use(webhook, `webhook ${name}`);
    methods(webhook, `webhook ${name}`);
  }
  return diagnostics;
}

/** Parameters declared one by one: each with its schema converted, and its component name. */
export function listedParameters(
  list: readonly ParameterDefinition[] | undefined,
  registry: SchemaRegistry,
  diagnostics: Diagnostic[],
  where: string,
  options: { readonly outgoing?: boolean; readonly pathLevel?: boolean } = {},
): ParameterModel[] {
  const models: ParameterModel[] = [];
  (list ?? []).forEach((p, index) => {
    const here = `${where}[${index}] ${p.name}`;
    if (options.outgoing && p.in === 'path') {
      diagnostics.push(diagnostic('BMR104', here, `\`${p.name}\` is a path parameter, but a callback or webhook is sent to a URL the receiver chose: it has no path parameters.`, 'Send it as a query parameter or a header (`in: \'query\'`), or leave it out: a callback URL reads the operation\'s path with `{$request.path.<name>}`.'));
      return;
    }
    const schema = registry.convert(p.schema, `${here} › schema`);
    if (schema === undefined) return;
    const component = componentName(p, 'parameters');
    const model: ParameterModel = {
      name: p.name,
      in: p.in as ParameterLocation,
      // Path parameters are always required (OpenAPI says so); the others only when the author says so.
      required: p.in === 'path' ? true : p.required === true,
      ...(p.description !== undefined ? { description: p.description } : liftedDescription(schema)),
      ...(p.deprecated === true ? { deprecated: true } : {}),
      ...(p.example !== undefined ? { example: p.example } : {}),
      ...(p.examples !== undefined ? { examples: p.examples } : {}),
      schema,
      ...(component !== undefined ? { component } : {}),
      ...(options.pathLevel ? { pathLevel: true } : {}),
    };
    models.push(withOwnStyle(model, p as ParameterOptions, registry, diagnostics, here));
  });
  return models;
}

/** A schema's own `description` (`z.string().describe(...)`) describes the parameter when the parameter has none. */
function liftedDescription(schema: JsonSchema): { description?: string } {
  if (!isSchemaObject(schema)) return {};
  const description = (schema as JsonSchemaObject).description;
  return typeof description === 'string' ? { description } : {};
}

/**
 * An operation's parameters: the path's shared ones (unless the operation declares one of the same
 * name and location, which wins, as OpenAPI says), then its own; one name declared twice at one
 * location by the operation itself is an error (BMR102).
 */
export function combineParameters(shared: readonly ParameterModel[], fromSchemas: readonly ParameterModel[], listed: readonly ParameterModel[], diagnostics: Diagnostic[], where: string): ParameterModel[] {
  const key = (p: ParameterModel) => `${p.in} ${p.in === 'header' ? p.name.toLowerCase() : p.name}`;
  // Two headers of one schema that differ in case are BMR023's; here, a listed parameter that repeats any.
  const seen = new Set(fromSchemas.map(key));
  const own = [...fromSchemas, ...listed];
  for (const p of listed) {
    if (seen.has(key(p))) {
      diagnostics.push(diagnostic('BMR102', where, `the ${p.in} parameter \`${p.name}\` is declared twice by this operation (in its object schema and in \`request.parameters\`, or twice in \`request.parameters\`).`, 'Declare each parameter once: as a property of the object schema, or in `request.parameters`.'));
    }
    seen.add(key(p));
  }
  return [...shared.filter((p) => !seen.has(key(p))), ...own];
}

/** The shared parameters of each path of `paths`, and BMR103 for a path no operation has. */
export function pathLevelParameters(definition: ApiDefinitionInput, registry: SchemaRegistry, diagnostics: Diagnostic[]): Map<string, ParameterModel[]> {
  const byPath = new Map<string, ParameterModel[]>();
  const operationPaths = new Set((definition.operations ?? []).map((op) => op.path));
  for (const [path, item] of Object.entries(definition.paths ?? {})) {
    const where = `paths ${path}`;
    if (!operationPaths.has(path)) {
      const close = [...operationPaths].find((p) => p.replace(/\{[^}]*\}/g, '{}') === path.replace(/\{[^}]*\}/g, '{}'));
      diagnostics.push(diagnostic('BMR103', where, `no operation has the path \`${path}\`, so its shared parameters would apply to nothing.`, close !== undefined ? `The operations' path is \`${close}\`: write that key.` : 'Write the path template exactly as the operations write it, or remove the entry.'));
      continue;
    }
    byPath.set(path, listedParameters(item.parameters, registry, diagnostics, `${where} › parameters`, { pathLevel: true }));
  }
  return byPath;
}

/**
 * `parameterOptions` made some parameters this operation's own (a style, examples): those are no
 * longer the shared component or the path's shared parameter, so they are written in place, in the
 * operation (which, for a path's parameter, overrides the Path Item's, as OpenAPI says).
 */
export function ownedWhereChanged(before: readonly ParameterModel[], after: readonly ParameterModel[]): ParameterModel[] {
  return after.map((p, index) => {
    if (p === before[index] || (p.component === undefined && !p.pathLevel)) return p;
    const { component: _component, pathLevel: _pathLevel, ...own } = p;
    return own;
  });
}
