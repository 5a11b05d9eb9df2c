import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as runtime from '../src/index.ts';

describe('@boomerang/runtime', () => {
  it('exports its public API', () => {
    expect(Object.keys(runtime).sort()).toEqual([
      'DestinationRefusedError',
      'ProblemError',
      'bindCallback',
      'checkCallbackUrls',
      'checkDestination',
      'checkDestinationStatically',
      'checkRequestContent',
      'classifyAddress',
      'compileJsonSchema',
      'createDispatcher',
      'createGuardedLookup',
      'createOutbox',
      'defaultRetrySchedule',
      'defaultStoreLocation',
      'deliver',
      'describeStoreLocation',
      'generateSecret',
      'guardedLookup',
      'installBodyParsers',
      'installProblemDetails',
      'issuesFromAjvErrors',
      'nextRetryDelay',
      'openStore',
      'parseSecret',
      'problem',
      'problemContentType',
      'problemDetailsServerOptions',
      'registerCallbackSpecs',
      'resolveRetrySchedule',
      'runtimeVersion',
      'sendProblem',
      'sendReplyBody',
      'signPayload',
      'subscriptionsOf',
      'systemResolver',
      'useJsonSchema2020',
      'verifyPayload',
      'webhookSender',
    ]);
  });

  it('reports the version of package.json (sent in user-agent)', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(runtime.runtimeVersion).toBe(pkg.version);
  });
});
