/**
 * `npm run soak -- --kills N [--seed S] [--keep]`: the kill test for as long as you like.
 * Prints the tally (kills, changes acknowledged, changes lost) and exits 1 if anything
 * acknowledged was lost, an import was half done, or a check failed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { emptyTally, runChain } from './harness';

const KILLS_PER_CHAIN = 8;

async function main(): Promise<number> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { kills: { type: 'string', default: '200' }, seed: { type: 'string', default: '1' }, keep: { type: 'boolean', default: false } },
  });
  const kills = Number(values.kills);
  const firstSeed = Number(values.seed);
  if (!Number.isInteger(kills) || kills < 1 || !Number.isInteger(firstSeed) || firstSeed < 1) {
    process.stderr.write('usage: npm run soak -- --kills N [--seed S] [--keep]\n');
    return 2;
  }
  const childScript = path.join(__dirname, 'crashChild.cjs');
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'spanbench-soak-'));
  const tally = emptyTally();
  const started = Date.now();
  const line = () =>
    `kills ${tally.kills}, changes acknowledged ${tally.acknowledged}, changes lost ${tally.lost}, half imports ${tally.halfImports}, check problems ${tally.damaged}, ` +
    `in-flight found committed ${tally.committedUnacknowledged}, kills during import ${tally.inImport}, during open/migration ${tally.inMigration} (${Math.round((Date.now() - started) / 1000)} s)`;
  try {
    for (let seed = firstSeed; tally.kills < kills; seed++) {
      await runChain({
        childScript,
        workDir: path.join(workDir, `chain-${seed}`),
        home: path.join(workDir, 'home'),
        seed,
        kills: Math.min(KILLS_PER_CHAIN, kills - tally.kills),
        tally,
        onKill: () => process.stderr.isTTY && process.stderr.write(`\r${line()}`),
      });
      if (!values.keep) fs.rmSync(path.join(workDir, `chain-${seed}`), { recursive: true, force: true });
    }
  } finally {
    if (!values.keep) fs.rmSync(workDir, { recursive: true, force: true });
  }
  if (process.stderr.isTTY) process.stderr.write('\n');
  console.log(`soak: ${line()}`);
  for (const failure of tally.failures.slice(0, 50)) console.log(`  FAILED ${failure}`);
  if (values.keep) console.log(`projects kept in ${workDir}`);
  return tally.lost > 0 || tally.halfImports > 0 || tally.damaged > 0 || tally.failures.length > 0 ? 1 : 0;
}

void main().then((code) => (process.exitCode = code));
