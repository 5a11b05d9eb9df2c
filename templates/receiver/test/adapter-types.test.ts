/**
 * The adapters describe Express and Fastify structurally (so the package needs neither to build);
 * this checks that the real ones fit: express 5 with @types/express, and fastify 5, as pinned here.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';
import { removeScratchDirs, scratchDir } from './support/generate-receiver.ts';
import { exampleReceiver, repoRoot, tscBin } from './support/paths.ts';

const run = promisify(execFile);

afterAll(removeScratchDirs);

it('express and fastify accept the adapters, with their own types', { timeout: 120_000 }, async () => {
  const dir = scratchDir('adapter-types');
  const generated = relative(dir, join(exampleReceiver('invoices'), 'generated')).split('\\').join('/');
  writeFileSync(
    join(dir, 'apps.ts'),
    `import express from 'express';
import Fastify from 'fastify';
import { createServer } from 'node:http';
import { expressMiddleware } from '${generated}/express.ts';
import { fastifyPlugin } from '${generated}/fastify.ts';
import { createReceiver } from '${generated}/index.ts';

const receiver = createReceiver({ secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', handlers: { invoice_notification: () => ({ status: 200, body: { ok: true } }) } });
createServer(receiver.node);
const app = express();
app.use('/events', expressMiddleware(receiver));
app.post('/events', expressMiddleware(receiver));
const fastify = Fastify();
await fastify.register(fastifyPlugin(receiver), { prefix: '/events' });
void fastify.register(fastifyPlugin(receiver));
const response: Response = await receiver.fetch(new Request('http://localhost/'));
void response;
`,
  );
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ extends: relative(dir, join(repoRoot, 'tsconfig.base.json')), include: ['apps.ts'] }));
  const result = await run(process.execPath, [tscBin, '-p', 'tsconfig.json'], { cwd: dir }).then(
    () => '',
    (error: { stdout: string }) => error.stdout,
  );
  expect(result).toBe('');
});
