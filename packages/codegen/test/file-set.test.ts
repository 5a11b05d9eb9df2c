import { finishFile, generatedHeader } from '@boomerang/codegen';
import { describe, expect, it } from 'vitest';

const header = generatedHeader('generated/x.ts')!;

describe('finishFile', () => {
  it('puts the do-not-edit header first, LF only, one final newline', () => {
    expect(finishFile('generated/x.ts', 'export {};\r\n\r\n', 'generated')).toBe(`${header}export {};\n`);
  });

  it("keeps a script's #! line first and puts the header after it, once", () => {
    const once = finishFile('generated/cli.ts', '#!/usr/bin/env node\nconsole.log(1);\n', 'generated');
    expect(once).toBe(`#!/usr/bin/env node\n${header}console.log(1);\n`);
    expect(finishFile('generated/cli.ts', once, 'generated')).toBe(once);
  });

  it('adds no header to a scaffold file', () => {
    expect(finishFile('src/main.ts', '#!/usr/bin/env node\n', 'scaffold')).toBe('#!/usr/bin/env node\n');
  });
});
