/**
 * Load: 10 concurrent clients each create 1,000 spans through browser mode's HTTP API
 * (`spanbench serve`, the built CLI). Every acknowledged write must be there exactly once.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { requireBuild } from './built';
import { tempDir } from './helpers';
import { cli, serve } from './running';

beforeAll(requireBuild);

const CLIENTS = 10;
const SPANS_PER_CLIENT = 1000;

describe('load', () => {
  it(`${CLIENTS} concurrent clients × ${SPANS_PER_CLIENT} spans via POST /api/createSpan: all present, none duplicated`, { timeout: 180_000 }, async () => {
    const dir = tempDir();
    const file = path.join(dir, 'p.sqlite');
    expect(cli(['init', file]).code).toBe(0);
    const textFile = path.join(dir, 'long.txt');
    // Code points, not UTF-16 units: every span offset is distinct and inside the text.
    fs.writeFileSync(textFile, Array.from({ length: CLIENTS * SPANS_PER_CLIENT + 20 }, (_, i) => (i % 7 === 0 ? '👋' : 'abcdefg'[i % 7])).join(''));
    expect(cli(['add-text', file, textFile, '--title', 'Load']).code).toBe(0);

    const server = await serve([file], { SPANBENCH_HOME: path.join(dir, 'home') });
    try {
      const started = performance.now();
      const acknowledged = await Promise.all(
        Array.from({ length: CLIENTS }, async (_, client) => {
          const ids: number[] = [];
          for (let i = 0; i < SPANS_PER_CLIENT; i++) {
            const start = client * SPANS_PER_CLIENT + i;
            const response = await server.api('createSpan', { documentId: 1, labelId: (i % 3) + 1, start, end: start + 1 + (i % 5) });
            expect(response.ok, JSON.stringify(response)).toBe(true);
            ids.push(response.result.upserted[0].id);
          }
          return ids;
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      const total = CLIENTS * SPANS_PER_CLIENT;
      console.log(`load: ${total.toLocaleString('en')} spans from ${CLIENTS} concurrent clients in ${seconds.toFixed(1)} s = ${Math.round(total / seconds).toLocaleString('en')} spans/s (each committed with fsync before its reply)`);

      const listed = await server.api('listSpans', { documentId: 1 });
      expect(listed.ok).toBe(true);
      const spans = listed.result as Array<{ id: number; start: number; end: number; labelId: number }>;
      expect(spans).toHaveLength(total);
      expect(new Set(spans.map((s) => s.id)).size).toBe(total);
      expect(new Set(spans.map((s) => s.start)).size).toBe(total);
      const present = new Set(spans.map((s) => s.id));
      for (const id of acknowledged.flat()) expect(present.has(id)).toBe(true);
      const document = await server.api('getDocument', { id: 1 });
      expect(document.result.spanCount).toBe(total);
    } finally {
      await server.stop();
    }
    const check = cli(['check', file]);
    expect(check.code, check.stderr).toBe(0);
  });
});
