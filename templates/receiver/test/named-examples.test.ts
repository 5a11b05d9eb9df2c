/**
 * Named examples (`examples: { name: { summary, value } }`) in what the receiver package shows and
 * sends: with no single `example`, the README's body and answer examples, the test request, the
 * test kit's delivery body and the URL's path parameters come from the first named example.
 */
import { buildApiModel, buildReceiverRoutes, defineApi, formatDiagnostic, operation } from '@boomerang/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { routeExample } from '../view/examples.ts';
import { describeRouteForReadme } from '../view/readme.ts';

const Job = z.object({ id: z.string(), status: z.enum(['queued', 'done']) });
const JobEvent = z.object({ job: z.string(), status: z.enum(['done', 'failed']) });
const Ack = z.object({ received: z.boolean() });

const definition = defineApi({
  info: { title: 'Jobs', version: '1.0.0' },
  operations: [
    operation({
      method: 'post',
      path: '/jobs',
      request: { query: z.object({ callback_url: z.url() }), body: z.object({ input: z.string() }) },
      responses: { 202: { body: { schema: Job, examples: { queued: { summary: 'Queued', value: { id: 'job_42', status: 'queued' } }, done: { value: { id: 'job_7', status: 'done' } } } } } },
      callbacks: {
        job_done: {
          url: '{$request.query.callback_url}/jobs/{$response.body#/id}',
          post: {
            request: { body: { schema: JobEvent, examples: { failed: { summary: 'It failed', value: { job: 'job_42', status: 'failed' } }, done: { value: { job: 'job_42', status: 'done' } } } } },
            responses: { 200: { body: { schema: Ack, examples: { yes: { value: { received: true } } } } } },
          },
        },
      },
    }),
  ],
});

function route() {
  const built = buildApiModel(definition);
  if (!built.ok) throw new Error(built.diagnostics.map(formatDiagnostic).join('\n'));
  const { routes, diagnostics } = buildReceiverRoutes(built.model);
  expect(diagnostics).toEqual([]);
  return { model: built.model, route: routes[0]! };
}

describe('named examples in the receiver package', () => {
  it('the README shows the first named example of the body and of the answer', () => {
    const { model, route: r } = route();
    const view = describeRouteForReadme(r, model, { body: 'B', params: 'P', query: 'Q', context: 'C', reply: 'R', handler: 'H' });
    expect(view.body?.example).toBe(JSON.stringify({ job: 'job_42', status: 'failed' }, null, 2));
    expect(view.responses.map((x: { example: string | null }) => x.example)).toContain(JSON.stringify({ received: true }, null, 2));
    expect(view.testBody).toBe(`JSON.stringify({ job: "job_42", status: "failed" })`.replace(/"/g, "'"));
  });

  it('the test kit sends the first named example, to a URL filled from the trigger response example', () => {
    const { model, route: r } = route();
    expect(routeExample(r, model)).toEqual({ body: { job: 'job_42', status: 'failed' }, params: { id: 'job_42' } });
  });
});
