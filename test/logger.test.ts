import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createLogger, logFormatFor, type LogFormat } from '../src/platform/logger.js';

/** Collects what a logger writes. */
function sink() {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

function written(format: LogFormat): string {
  const out = sink();
  const log = createLogger('info', { format, destination: out.stream });
  log.info({ route: '/api/v1/tenders', account: { password: 'hunter2' } }, 'tender published');
  log.flush();
  return out.text();
}

describe('log lines: readable at a terminal, JSON for programs', () => {
  it('chooses the readable form only when standard output is a terminal', () => {
    assert.equal(logFormatFor({ isTTY: true }), 'pretty');
    assert.equal(logFormatFor({ isTTY: false }), 'json');
    // A pipe or a file has no isTTY at all.
    assert.equal(logFormatFor({}), 'json');
  });

  it('writes one JSON object per line for programs, with secrets redacted', () => {
    const lines = written('json').trim().split('\n');
    assert.equal(lines.length, 1);
    const line = JSON.parse(lines[0]!) as Record<string, unknown>;
    assert.equal(line.msg, 'tender published');
    assert.equal(line.route, '/api/v1/tenders');
    assert.deepEqual(line.account, { password: '[redacted]' });
    assert.equal(line.level, 30);
  });

  it('writes a readable line for a person, with the level, the message and redacted secrets', () => {
    const text = written('pretty');
    const [, fields] = /^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: tender published (\{.*\})\n$/.exec(text) ?? [];
    assert.ok(fields, `one line with the time, the level and the message: ${text}`);
    assert.deepEqual(JSON.parse(fields), { route: '/api/v1/tenders', account: { password: '[redacted]' } });
    assert.ok(!text.includes('hunter2'));
  });
});
