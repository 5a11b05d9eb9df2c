/**
 * Definition warnings for what Redocly's `recommended` rules flag in the documents a definition
 * gives, so that the author hears it from `boomerang generate` rather than from a first
 * `boomerang lint`. One check per rule, named after it (https://redocly.com/docs/cli/rules/oas);
 * each message ends with the rule's name, so that the two reports are easy to match.
 *
 * What lint would flag in the parts Boomerang writes itself (the signature scheme of callbacks and
 * webhooks and the 401 that comes with it, the receiver document's servers, summaries and
 * components) is the emitters' to get right, and is not checked here.
 */
import type { ApiDefinitionInput, SecurityRequirement } from '../definition.ts';
import { diagnostic, type Diagnostic } from '../diagnostics.ts';
import type { OperationModel, OutgoingOperationModel, WebhookModel } from '../model.ts';
import { splitUrl } from '../receiver/receiver-routes.ts';

export function documentWarnings(definition: ApiDefinitionInput, operations: readonly OperationModel[], webhooks: readonly WebhookModel[]): Diagnostic[] {
  return [
    ...noEmptyServers(definition),
    ...serverUrls(definition),
    ...infoLicense(definition),
    ...noPathTrailingSlash(operations),
    ...operationSummary(operations, webhooks),
    ...operation4xxResponse(operations),
    ...operation2xxResponse(operations, webhooks),
    ...securityDefined(definition, operations),
    ...unusedSecuritySchemes(definition, operations, webhooks),
    ...tagDescription(definition),
  ];
}

/** One method of a callback, with where it is in the definition and how a message names it. */
interface CallbackMethod {
  readonly where: string;
  readonly label: string;
  readonly name: string;
  readonly operation: OutgoingOperationModel;
}

function operationWhere(op: OperationModel): string {
  return `operation ${op.method.toUpperCase()} ${op.path}`;
}

function operationLabel(op: OperationModel): string {
  return `\`${op.method.toUpperCase()} ${op.path}\``;
}

function callbackMethods(op: OperationModel): CallbackMethod[] {
  return op.callbacks.flatMap((cb) =>
    cb.urls.flatMap((url) =>
      url.operations.map((o) => ({
        where: `${operationWhere(op)} › callback ${cb.name} › ${o.method.toUpperCase()}`,
        label: `the \`${o.method}\` of callback \`${cb.name}\``,
        name: cb.name,
        operation: o,
      })),
    ),
  );
}

/** no-empty-servers */
function noEmptyServers(definition: ApiDefinitionInput): Diagnostic[] {
  if ((definition.servers ?? []).length > 0) return [];
  return [
    diagnostic(
      'BMR003',
      'servers',
      'the API declares no servers, so its documents do not say where it is served (Redocly: no-empty-servers).',
      "Add the base URL its users call: `servers: [{ url: 'https://api.your-company.com', description: 'Production' }]`.",
    ),
  ];
}

/** no-server-example.com, no-server-trailing-slash, no-undefined-server-variable (Redocly's own pattern). */
function serverUrls(definition: ApiDefinitionInput): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  (definition.servers ?? []).forEach((server, index) => {
    const where = `servers[${index}]`;
    const { url } = server;
    if (/^(.*[/.])?(example\.com|localhost)([/:?].*|$)/.test(url)) {
      diagnostics.push(
        diagnostic('BMR004', where, `\`${url}\` points to example.com or localhost, which is not where the API's users reach it (Redocly: no-server-example.com).`, 'List the URLs your users call; a test or a local run can pass its own URL instead.'),
      );
    }
    if (url.endsWith('/') && url !== '/') {
      diagnostics.push(
        diagnostic('BMR005', where, `\`${url}\` ends with \`/\`, so a server URL followed by a path has \`//\` (Redocly: no-server-trailing-slash).`, `Write \`${url.replace(/\/+$/, '')}\`.`),
      );
    }
    const inUrl = [...url.matchAll(/\{([^{}]+)\}/g)].map((m) => m[1]!);
    const declared = Object.keys(server.variables ?? {});
    for (const name of inUrl.filter((n) => !declared.includes(n))) {
      diagnostics.push(
        diagnostic('BMR006', where, `\`${url}\` has \`{${name}}\`, which \`variables\` does not declare (Redocly: no-undefined-server-variable).`, `Declare it: \`variables: { ${name}: { default: '...' } }\`.`),
      );
    }
    for (const name of declared.filter((n) => !inUrl.includes(n))) {
      diagnostics.push(
        diagnostic('BMR006', where, `\`variables.${name}\` is not used in \`${url}\` (Redocly: no-undefined-server-variable).`, `Use \`{${name}}\` in the URL, or remove the variable.`),
      );
    }
  });
  return diagnostics;
}

/** info-license, info-license-strict */
function infoLicense(definition: ApiDefinitionInput): Diagnostic[] {
  const license = definition.info?.license;
  if (license === undefined) {
    return [
      diagnostic('BMR007', 'info.license', 'the API has no license, so readers cannot tell on what terms they may use it (Redocly: info-license).', "Add `license: { name: 'MIT', identifier: 'MIT' }` (an SPDX identifier) to `info`, or `{ name, url }` for terms of your own."),
    ];
  }
  if (!present(license.identifier) && !present(license.url)) {
    return [
      diagnostic('BMR008', 'info.license', `the license \`${license.name}\` has neither an SPDX \`identifier\` nor a \`url\` to read it at (Redocly: info-license-strict).`, "Add `identifier: 'MIT'` (see https://spdx.org/licenses/), or a `url` for terms of your own."),
    ];
  }
  return [];
}

/** no-path-trailing-slash, on the API's paths and on the receiver paths that callback URLs give. */
function noPathTrailingSlash(operations: readonly OperationModel[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const trailing = (path: string) => path.endsWith('/') && path !== '/';
  for (const op of operations) {
    if (trailing(op.path)) {
      diagnostics.push(
        diagnostic('BMR014', operationWhere(op), `the path \`${op.path}\` ends with \`/\`, so \`${op.path.replace(/\/+$/, '')}\` is another URL, one the generated server does not serve (Redocly: no-path-trailing-slash).`, `Write \`${op.path.replace(/\/+$/, '')}\`.`),
      );
    }
    for (const cb of op.callbacks) {
      for (const url of cb.urls) {
        const { path } = splitUrl(url.template.parts);
        if (!trailing(path)) continue;
        diagnostics.push(
          diagnostic('BMR014', `${operationWhere(op)} › callback ${cb.name} › url`, `\`${url.expression}\` ends with \`/\`, so the receiver's path \`${path}\` does too (Redocly: no-path-trailing-slash, on the receiver document).`, 'Drop the final `/` of the URL.'),
        );
      }
    }
  }
  return diagnostics;
}

/** operation-summary, on operations, callback methods and webhook methods. */
function operationSummary(operations: readonly OperationModel[], webhooks: readonly WebhookModel[]): Diagnostic[] {
  const missing = (o: { summary?: string }) => !present(o.summary);
  const message = (label: string) => `${label} has no \`summary\`, the title its documentation shows (Redocly: operation-summary).`;
  const diagnostics: Diagnostic[] = [];
  for (const op of operations) {
    if (missing(op)) diagnostics.push(diagnostic('BMR015', operationWhere(op), message(operationLabel(op)), `Add \`summary: '${sentence(op.operationId)}'\`.`));
    for (const { where, label, name, operation } of callbackMethods(op)) {
      if (missing(operation)) diagnostics.push(diagnostic('BMR015', where, message(label), `Add \`summary: '${sentence(name)}'\` to its \`${operation.method}\`.`));
    }
  }
  for (const webhook of webhooks) {
    for (const operation of webhook.operations.filter(missing)) {
      diagnostics.push(
        diagnostic('BMR015', `webhook ${webhook.name} › ${operation.method.toUpperCase()}`, message(`the \`${operation.method}\` of webhook \`${webhook.name}\``), `Add \`summary: '${webhook.summary ?? sentence(webhook.name)}'\` to its \`${operation.method}\`${webhook.summary !== undefined ? ' (the webhook\'s own `summary` titles the webhook, not its methods)' : ''}.`),
      );
    }
  }
  return diagnostics;
}

/**
 * operation-4xx-response, on operations and on callback methods that set their own `security`.
 * A callback method that keeps the default signature requirement needs none: the documents give it
 * the 401 of the signature check. Webhooks are not checked, as Redocly's rule does not check them.
 */
function operation4xxResponse(operations: readonly OperationModel[]): Diagnostic[] {
  const hasClientError = (o: OutgoingOperationModel) => o.responses.some((r) => /^4[0-9X]{2}$/.test(r.status));
  const diagnostics: Diagnostic[] = [];
  for (const op of operations) {
    if (!hasClientError(op)) {
      const takesInput = op.parameters.length > 0 || op.requestBody !== undefined;
      diagnostics.push(
        diagnostic(
          'BMR033',
          operationWhere(op),
          `${operationLabel(op)} declares no 4XX response, so its documents do not say what a client gets for a request it should not have sent (Redocly: operation-4xx-response).`,
          takesInput
            ? "The generated server answers a request its schemas refuse with 400 and problem details: declare it, e.g. `400: { description: 'The request is not valid.', body: { contentType: 'application/problem+json', schema: Problem } }`."
            : "Declare the client errors it answers, e.g. `404: { description: 'Not found.' }`, `401` when it needs credentials, or `400` for a query that is not valid.",
        ),
      );
    }
    for (const { where, label, operation } of callbackMethods(op)) {
      if (operation.security === undefined || hasClientError(operation)) continue;
      diagnostics.push(
        diagnostic('BMR033', where, `${label} sets its own \`security\` and declares no 4XX response, so its documents do not say what a receiver answers when it refuses the request (Redocly: operation-4xx-response).`, "Declare it, e.g. `401: { description: 'The credentials are not valid.' }`."),
      );
    }
  }
  return diagnostics;
}

/**
 * operation-2xx-response (`default` counts, as in Redocly's rule). Webhooks are checked too, although
 * Redocly's rule skips them: a webhook without a success answer fails every delivery.
 */
function operation2xxResponse(operations: readonly OperationModel[], webhooks: readonly WebhookModel[]): Diagnostic[] {
  const hasSuccess = (o: OutgoingOperationModel) => o.responses.some((r) => r.status === 'default' || /^2[0-9X]{2}$/.test(r.status));
  // No responses at all is already an error (BMR031).
  const lacking = (o: OutgoingOperationModel) => o.responses.length > 0 && !hasSuccess(o);
  const outgoingHint = "Add the answer a receiver gives when it took the request, e.g. `200: { description: 'The event was received.' }`: the sender counts any other status as a failed delivery.";
  const diagnostics: Diagnostic[] = [];
  for (const op of operations) {
    if (lacking(op)) {
      diagnostics.push(
        diagnostic('BMR034', operationWhere(op), `${operationLabel(op)} declares no 2XX response, so its documents do not say what it answers when it works (Redocly: operation-2xx-response).`, "Add it, e.g. `200: { description: 'Done.', body: Result }` or `204: { description: 'Done.' }`."),
      );
    }
    for (const { where, label, operation } of callbackMethods(op)) {
      if (lacking(operation)) diagnostics.push(diagnostic('BMR034', where, `${label} declares no 2XX response (Redocly: operation-2xx-response).`, outgoingHint));
    }
  }
  for (const webhook of webhooks) {
    for (const operation of webhook.operations.filter(lacking)) {
      diagnostics.push(diagnostic('BMR034', `webhook ${webhook.name} › ${operation.method.toUpperCase()}`, `the \`${operation.method}\` of webhook \`${webhook.name}\` declares no 2XX response.`, outgoingHint));
    }
  }
  return diagnostics;
}

/** security-defined: callbacks and webhooks are covered by the signature requirement the documents give them. */
function securityDefined(definition: ApiDefinitionInput, operations: readonly OperationModel[]): Diagnostic[] {
  if (definition.security !== undefined) return [];
  return operations
    .filter((op) => op.security === undefined)
    .map((op) =>
      diagnostic(
        'BMR072',
        operationWhere(op),
        `${operationLabel(op)} has no \`security\`, and neither has the API, so its documents do not say whether it is public or protected (Redocly: security-defined).`,
        "Say it once for the API: `security: []` when it is public, or `securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } }, security: [{ bearer: [] }]`; or give this operation its own `security`.",
      ),
    );
}

/** no-unused-components, for security schemes (named schemas are only ever registered by a use). */
function unusedSecuritySchemes(definition: ApiDefinitionInput, operations: readonly OperationModel[], webhooks: readonly WebhookModel[]): Diagnostic[] {
  const named = new Set<string>();
  const use = (requirements: readonly SecurityRequirement[] | undefined) => {
    for (const requirement of requirements ?? []) for (const name of Object.keys(requirement)) named.add(name);
  };
  use(definition.security);
  for (const op of operations) {
    use(op.security);
    for (const { operation } of callbackMethods(op)) use(operation.security);
  }
  for (const webhook of webhooks) for (const operation of webhook.operations) use(operation.security);
  return Object.keys(definition.securitySchemes ?? {})
    .filter((name) => !named.has(name))
    .map((name) =>
      diagnostic('BMR073', `securitySchemes.${name}`, `\`${name}\` is declared, but no \`security\` requirement names it (Redocly: no-unused-components).`, `Require it where it applies, e.g. \`security: [{ ${name}: [] }]\` on the API or on an operation, or remove it.`),
    );
}

/** tag-description */
function tagDescription(definition: ApiDefinitionInput): Diagnostic[] {
  return (definition.tags ?? [])
    .filter((tag) => !present(tag.description))
    .map((tag) =>
      diagnostic('BMR074', `tag ${tag.name}`, `the tag \`${tag.name}\` has no \`description\`, the text its documentation shows under its heading (Redocly: tag-description).`, `Add one: \`{ name: '${tag.name}', description: '...' }\`.`),
    );
}

function present(text: string | undefined): boolean {
  return typeof text === 'string' && text.trim() !== '';
}

/** `create_invoice`, `invoice-paid`, `getUsersById` → `Create invoice`, `Invoice paid`, `Get users by id`. */
function sentence(identifier: string): string {
  const words = identifier
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word.toLowerCase());
  const text = words.join(' ');
  return text ? text[0]!.toUpperCase() + text.slice(1) : identifier;
}
