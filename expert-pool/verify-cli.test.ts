import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import { verifyDrawCommand } from '../cli/verify-draw.js';
import { recordFixture } from './testing.js';

function io(stdinText = '') {
  const stdin = new PassThrough();
  stdin.end(stdinText);
  const out = { stdout: '', stderr: '' };
  const sink = (key: 'stdout' | 'stderr') => {
    const s = new PassThrough();
    s.on('data', (chunk: Buffer) => (out[key] += chunk.toString()));
    return s;
  };
  return { streams: { stdin, stdout: sink('stdout'), stderr: sink('stderr') }, out };
}

describe('verify-draw CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'verify-draw-'));
  const good = join(dir, 'good.json');
  const bad = join(dir, 'bad.json');
  before(() => {
    const record = recordFixture.revealed();
    writeFileSync(good, JSON.stringify(record));
    record.steps[0]!.selected.reverse();
    writeFileSync(bad, JSON.stringify(record));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('prints OK and exits 0 for a good record read from a file', async () => {
    const { streams, out } = io();
    assert.equal(await verifyDrawCommand([good], streams), 0);
    assert.equal(out.stdout, 'OK\n');
  });

  it('prints the problems and exits 1 for a tampered record read from stdin', async () => {
    const { streams, out } = io(readFileSync(bad, 'utf8'));
    assert.equal(await verifyDrawCommand([], streams), 1);
    assert.match(out.stdout, /^PROBLEM: initial draw: the record says/);
  });

  it('exits 2 for a missing file or bad usage', async () => {
    assert.equal(await verifyDrawCommand([join(dir, 'missing.json')], io().streams), 2);
    assert.equal(await verifyDrawCommand(['a', 'b'], io().streams), 2);
  });

  it('runs as a script with the right exit codes', async function () {
    this.timeout(30_000);
    const run = promisify(execFile);
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'cli/verify-draw.ts', good]);
    assert.equal(stdout, 'OK\n');
    await assert.rejects(
      run(process.execPath, ['--import', 'tsx', 'cli/verify-draw.ts', bad]),
      (err: { code?: number }) => err.code === 1,
    );
  });
});
