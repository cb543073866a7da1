import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../tests/unit/helpers';
import { writeTar } from './tar';

describe('writeTar', () => {
  it('writes a folder that tar itself lists and extracts byte for byte', async () => {
    const dir = tempDir();
    const folder = path.join(dir, 'export');
    fs.mkdirSync(path.join(folder, 'texts'), { recursive: true });
    fs.writeFileSync(path.join(folder, 'a.ann'), 'T1\tAgency 0 4\tCSTO\n');
    fs.writeFileSync(path.join(folder, 'texts', 'Минск 😀.txt'), 'CSTO\r\n'.repeat(300));
    fs.writeFileSync(path.join(folder, `${'long-name-'.repeat(12)}.txt`), '');
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    await writeTar(folder, 'export', out);
    const archive = path.join(dir, 'x.tar');
    fs.writeFileSync(archive, Buffer.concat(chunks));
    expect(fs.statSync(archive).size % 512).toBe(0);
    const listing = execFileSync('tar', ['-tf', archive], { encoding: 'utf8' }).trim().split('\n');
    expect(listing).toContain('export/a.ann');
    expect(listing).toContain('export/texts/Минск 😀.txt');
    expect(listing).toContain(`export/${'long-name-'.repeat(12)}.txt`);
    const into = path.join(dir, 'out');
    fs.mkdirSync(into);
    execFileSync('tar', ['-xf', archive, '-C', into]);
    expect(fs.readFileSync(path.join(into, 'export', 'texts', 'Минск 😀.txt'), 'utf8')).toBe('CSTO\r\n'.repeat(300));
    expect(fs.readFileSync(path.join(into, 'export', 'a.ann'), 'utf8')).toBe('T1\tAgency 0 4\tCSTO\n');
  });
});
