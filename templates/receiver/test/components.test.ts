/**
 * A receiver for a definition made of reusable components (packages/core/test/fixtures/components.ts):
 * a callback that two operations send is one handler, a Path Item that two webhooks use is one
 * handler per webhook; the package type-checks, and a signed delivery reaches the right handler.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, tscBin } from './support/paths.ts';
import { generateReceiver, importReceiver, removeScratchDirs } from './support/generate-receiver.ts';
import { listenNode, sendSigned, testSecret } from './support/http.ts';

afterAll(removeScratchDirs);

const definition = `export { default } from ${JSON.stringify(join(repoRoot, 'packages/core/test/fixtures/components.ts'))};\n`;

function tsc(project: string): { code: number; output: string } {
  try {
    return { code: 0, output: execFileSync(process.execPath, [tscBin, '-p', project, '--noEmit'], { encoding: 'utf8' }) };
  } catch (error) {
    const e = error as { status: number; stdout: string; stderr: string };
    return { code: e.status, output: `${e.stdout}${e.stderr}` };
  }
}

describe('a receiver for reusable components', () => {
  it('has one handler per reusable callback and per webhook, typed after the component schemas', async () => {
    const { receiverDir, result } = await generateReceiver({ definition, label: 'components-types' });
    expect(result.ok).toBe(true);
    writeFileSync(
      join(receiverDir, 'consumer.ts'),
      `import { createReceiver, type Handlers } from './generated/index.ts';
const handlers: Handlers = {
  boardChanged: ({ body }) => (body.type === 'changed' ? { status: 200 } : { status: 200 }),
  boardArchived: ({ body }) => (body.boardId ? { status: 200 } : { status: 200 }),
  'board.changed': () => ({ status: 200 }),
  'board.closed': () => ({ status: 200 }),
};
createReceiver({ secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', handlers });
// @ts-expect-error: BoardEvent has no \`title\`
const wrongField: Handlers['boardChanged'] = ({ body }) => (body.title ? { status: 200 } : { status: 200 });
export { wrongField };
`,
    );
    writeFileSync(
      join(receiverDir, 'tsconfig.consumer.json'),
      JSON.stringify({ extends: './tsconfig.json', compilerOptions: { noEmit: true, allowImportingTsExtensions: true, rootDir: '.' }, include: ['generated/**/*.ts', 'consumer.ts'] }),
    );
    expect(tsc(join(receiverDir, 'tsconfig.json'))).toEqual({ code: 0, output: '' });
    expect(tsc(join(receiverDir, 'tsconfig.consumer.json'))).toEqual({ code: 0, output: '' });
  });

  it('routes a signed delivery of the shared callback to its one handler', async () => {
    const { receiverDir } = await generateReceiver({ definition, label: 'components-run' });
    const { createReceiver } = await importReceiver<{ createReceiver: (options: object) => { node: Parameters<typeof listenNode>[0] } }>(receiverDir);
    const seen: unknown[] = [];
    const ok = () => ({ status: 200 });
    const receiver = createReceiver({
      secret: testSecret,
      handlers: {
        boardChanged: ({ body }: { body: unknown }) => {
          seen.push(body);
          return { status: 200 };
        },
        boardArchived: ok,
        'board.changed': ok,
        'board.closed': ok,
      },
      onError: () => undefined,
    });
    const server = await listenNode(receiver.node);
    try {
      const event = { boardId: 'b1', type: 'changed' };
      expect((await sendSigned(`${server.origin}/changed`, JSON.stringify(event))).status).toBe(200);
      expect(seen).toEqual([event]);
      expect((await sendSigned(`${server.origin}/changed`, JSON.stringify({ boardId: 'b1', type: 'moved' }))).status).toBe(400);
      expect(seen).toHaveLength(1);
    } finally {
      await server.close();
    }
  });
});
