import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: new URL('../../..', import.meta.url).pathname });

async function layerErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'filmroom/main-layers').map((m) => m.message);
}

describe('the main/ layer rule (eslint-rules/main-layers.js)', () => {
  // The first lint pays ESLint's start (the config, typed linting): over the 5 s default on a loaded machine.
  it('lets a module import lower layers through their index.ts', { timeout: 60_000 }, async () => {
    const code = "import type { JobQueue } from '../jobs/index.js';\nexport type Q = JobQueue;\n";
    expect(await layerErrors('main/library/example.ts', code)).toEqual([]);
  });

  it('refuses an upward import (library → analysis) and one between modules of the same layer', async () => {
    const up = "import type { AnalysisService } from '../analysis/index.js';\nexport type A = AnalysisService;\n";
    expect(await layerErrors('main/library/example.ts', up)).toEqual([
      expect.stringMatching(/main\/library \(layer \d+\) may not import main\/analysis/),
    ]);
    const sideways = "import type { SettingsService } from '../settings/index.js';\nexport type S = SettingsService;\n";
    expect(await layerErrors('main/jobs/example.ts', sideways)).toEqual([
      expect.stringMatching(/may not import main\/settings/),
    ]);
  });

  it('refuses a deep import into another module', async () => {
    const code = "import type { JobStore } from '../jobs/job-store.js';\nexport type S = JobStore;\n";
    expect(await layerErrors('main/library/example.ts', code)).toEqual([
      expect.stringMatching(/through its public index\.ts/),
    ]);
  });

  it('refuses a folder that is not in the layer list', async () => {
    const code = "import { x } from '../platform/ids.js';\nexport const y = x;\n";
    expect(await layerErrors('main/mystery/example.ts', code)).toEqual([
      expect.stringMatching(/not in the layer list/),
    ]);
  });
});
