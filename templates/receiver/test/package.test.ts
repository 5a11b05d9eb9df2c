/**
 * The generated invoices receiver as an npm package: built, packed, installed from the tarball into a
 * fresh project, compiled by a strict consumer and run. Needs the npm registry for the consumer's own
 * dependencies (standardwebhooks, @types/node); the receiver itself has none.
 */
import { execFile, spawn } from 'node:child_process';
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { buildAndPack, cleanEnv, invoicesConsumerSource, removeTempDir, verifyConsumerProject } from './support/consumer-project.ts';
import { removeScratchDirs, scratchDir } from './support/generate-receiver.ts';
import { sendSigned, testSecret } from './support/http.ts';
import { binDir, exampleReceiver, tscBin } from './support/paths.ts';

const run = promisify(execFile);

afterAll(removeScratchDirs);

describe('the invoices receiver, packed', () => {
  it('installs from its tarball into a fresh project, compiles under tsc --strict, and receives a signed request', { timeout: 240_000 }, async () => {
    const packed = await buildAndPack(exampleReceiver('invoices'));
    let consumerDir: string | undefined;
    try {
      expect(packed.files).toEqual(expect.arrayContaining(['README.md', 'package.json', 'dist/index.js', 'dist/index.d.ts', 'dist/express.js', 'dist/express.d.ts', 'dist/fastify.js', 'dist/fastify.d.ts', 'dist/validators.js']));
      expect(packed.files.filter((path) => !path.startsWith('dist/') && path !== 'README.md' && path !== 'package.json')).toEqual([]);
      const consumer = await verifyConsumerProject({ install: packed.tarball, source: invoicesConsumerSource('@invoices-example/receiver') });
      consumerDir = consumer.dir;
      expect(consumer.stdout.trim()).toBe('consumer ok');
      // The package's bin, as an external developer runs it: `npx <package> trigger …`.
      expect(packed.files).toContain('dist/cli.js');
      const usage = await run('npx', ['--no-install', '@invoices-example/receiver', 'trigger', '--help'], { cwd: consumer.dir, env: cleanEnv({ PATH: `${binDir}:${process.env.PATH ?? ''}` }) });
      expect(usage.stdout).toContain('Usage: npx @invoices-example/receiver trigger <event>... | --all --to <url>');
    } finally {
      removeTempDir(packed.workDir);
      if (consumerDir) removeTempDir(consumerDir);
    }
  });
});

describe('the scaffolded examples/server.ts', () => {
  it('compiles against the built package and runs: PORT and RECEIVER_SECRET from the environment', { timeout: 120_000 }, async () => {
    // Inside the repo, so that @types/node and tsx resolve; the package resolves itself by name.
    const dir = join(scratchDir('server'), 'receiver');
    cpSync(exampleReceiver('invoices'), dir, { recursive: true, filter: (source) => !/[\\/](node_modules|dist)$/.test(source) });
    await run('npm', ['run', 'build'], { cwd: dir, env: cleanEnv({ PATH: `${binDir}:${process.env.PATH ?? ''}` }) });
    writeFileSync(join(dir, 'tsconfig.examples.json'), JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', types: ['node'], strict: true, noEmit: true }, include: ['examples/server.ts'] }));
    await run(process.execPath, [tscBin, '-p', 'tsconfig.examples.json'], { cwd: dir });

    const child = spawn(process.execPath, ['--import', 'tsx', 'examples/server.ts'], { cwd: dir, env: cleanEnv({ PORT: '0', RECEIVER_SECRET: testSecret }), stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let output = '';
      const origin = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const match = /listening on (http:\/\/\S+)/.exec(output);
          if (match) resolve(match[1]!);
        });
        child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.once('exit', (code) => reject(new Error(`examples/server.ts exited with ${code}: ${output}`)));
      });
      const response = await sendSigned(`${origin}/events/invoices/2expen51ve`, JSON.stringify({ description: 'Payment celebration', paid: true }));
      expect([response.status, response.json]).toEqual([200, { ok: true }]);
      expect(output).toContain('invoice_notification');
      // The built bin tests the scaffolded server as the API would call it, with RECEIVER_SECRET.
      const triggered = await run(process.execPath, ['dist/cli.js', 'trigger', '--all', '--to', `${origin}/events`, '--invalid'], { cwd: dir, env: cleanEnv({ RECEIVER_SECRET: testSecret }) });
      expect(triggered.stdout).toContain('Signed with RECEIVER_SECRET.');
      expect(triggered.stdout).toContain('3 passed, 0 failed.');
    } finally {
      child.kill();
    }
  });
});
