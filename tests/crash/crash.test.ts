/**
 * Kill test: SIGKILL a process working on a project at seeded random moments, reopen the
 * project and hold it to everything the process acknowledged (see harness.ts).
 * `npm run soak -- --kills N` runs the same harness for as long as you like.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCrashChild } from './build';
import { emptyTally, runChain } from './harness';

const CHAINS = [11, 12, 13, 14, 15, 16, 17, 18, 19];
const KILLS_PER_CHAIN = 6;

let childScript = '';
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'spanbench-crash-'));

beforeAll(async () => {
  childScript = await buildCrashChild();
});

afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));

describe('crash safety (SIGKILL at random moments)', () => {
  it(`loses no acknowledged change over ${CHAINS.length * KILLS_PER_CHAIN} kills`, { timeout: 240_000 }, async () => {
    const tally = emptyTally();
    const started = Date.now();
    for (const seed of CHAINS) {
      await runChain({ childScript, workDir: path.join(workDir, `chain-${seed}`), home: path.join(workDir, 'home'), seed, kills: KILLS_PER_CHAIN, tally });
    }
    console.log(
      `crash: ${tally.kills} kills, ${tally.acknowledged.toLocaleString('en')} changes acknowledged, ${tally.lost} lost, ` +
        `${tally.committedUnacknowledged} in-flight calls found committed, ${tally.inImport} kills during an import, ${tally.inMigration} during opening/migration ` +
        `(${((Date.now() - started) / 1000).toFixed(1)} s)`,
    );
    expect(tally.failures).toEqual([]);
    expect(tally.kills).toBeGreaterThanOrEqual(50);
    expect(tally.lost).toBe(0);
    expect(tally.halfImports).toBe(0);
    expect(tally.damaged).toBe(0);
    // The test must actually have tested something.
    expect(tally.acknowledged).toBeGreaterThan(tally.kills * 5);
    expect(tally.inImport).toBeGreaterThan(0);
  });
});
