import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { projectRoot } from '../src/platform/project-root.js';

/**
 * A fresh clone in an empty folder must build and pass its tests: nothing in the project may lean on a folder
 * beside it or on one machine's absolute paths. The docs it needs are in docs/, the test fixtures in
 * test/fixtures/. The patterns are built from pieces so that this file, which is scanned too, does not match.
 */
const SIBLING = ['\\.\\.', 'shared'].join('[/\\\\]');
const HOME_OR_WORK = ['work', 'root', 'home/[^/\\s]+', 'Users/[^/\\s]+'].join('|');
const FORBIDDEN: { name: string; pattern: RegExp }[] = [
  { name: 'the sibling folder "shared" beside the clone', pattern: new RegExp(`${SIBLING}\\b`) },
  {
    name: 'an absolute path into the work folder or a home directory',
    // Only where a path starts, not inside a URL or a longer path (see the first test for examples).
    pattern: new RegExp(`(?<![\\w.~/-])/(?:${HOME_OR_WORK})(?=[/'"\`\\s):,]|$)`),
  },
  { name: 'a Windows home directory', pattern: new RegExp(`\\b[A-Za-z]:\\\\${'Users'}\\\\`) },
];

/** Folders that are never part of a clone (installed, built or made at run time). */
const NOT_IN_A_CLONE = new Set(['.git', 'node_modules', 'dist', 'data', 'coverage']);

/** The files a clone holds: git's list (tracked, plus new files not ignored), or the tree when not a checkout. */
function projectFiles(root: string): string[] {
  try {
    const out = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      maxBuffer: 64 * 1024 * 1024,
    });
    // A file deleted in the working tree but still in the index is not part of the next clone.
    return [...new Set(out.split('\0').filter((f) => f !== '' && existsSync(join(root, f))))];
  } catch {
    return walk(root, root);
  }
}

function walk(root: string, dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return NOT_IN_A_CLONE.has(entry.name) ? [] : walk(root, path);
    return entry.isFile() ? [relative(root, path).split(sep).join('/')] : [];
  });
}

interface Finding {
  file: string;
  line: number;
  rule: string;
  text: string;
}

/** Every line of a text that names something outside the clone; binary files (a NUL byte) are skipped. */
function findingsIn(file: string, text: string): Finding[] {
  if (text.includes('\0')) return [];
  return text.split('\n').flatMap((line, i) =>
    FORBIDDEN.filter((f) => f.pattern.test(line)).map((f) => ({
      file,
      line: i + 1,
      rule: f.name,
      text: line.trim().slice(0, 160),
    })),
  );
}

describe('self-contained: the project needs nothing outside its own folder', () => {
  it('recognises references outside the clone, and not look-alikes', () => {
    const up = ['..', 'shared'];
    const hits = (text: string) => findingsIn('x', text).map((f) => f.rule);
    assert.equal(hits(`see \`${up.join('/')}/DESIGN.md\``).length, 1);
    assert.equal(hits(`resolve(root, '${up.join('/')}/ocds-1.1')`).length, 1);
    assert.equal(hits(`docs: ${'/wo' + 'rk'}/notes/x.md`).length, 1);
    assert.equal(hits(`const keys = '${'/ro' + 'ot'}/.ssh'`).length, 1);
    assert.equal(hits(`cd ${'/ho' + 'me'}/alice/project`).length, 1);
    assert.equal(hits(`'${'C:\\Us' + 'ers'}\\bob\\yg'`).length, 1);
    for (const fine of [
      'see docs/domain.md §3',
      'https://example.org/work/items and /api/v1/work-orders',
      'blobs on a shared S3-compatible store; src/platform/work/queue.ts',
      '/usr/bin/chromium and /tmp/yg-ci-tests',
    ])
      assert.deepEqual(hits(fine), [], fine);
  });

  it('no file of the clone names a sibling folder, the work folder or a home directory', () => {
    const root = projectRoot();
    const files = projectFiles(root);
    assert.ok(files.includes('package.json') && files.length > 50, `found only ${files.length} files`);
    const findings = files.flatMap((file) => {
      const path = join(root, file);
      if (statSync(path).size > 8 * 1024 * 1024) return [];
      return findingsIn(file, readFileSync(path, 'utf8'));
    });
    assert.deepEqual(
      findings.map((f) => `${f.file}:${f.line}: ${f.rule}: ${f.text}`),
      [],
      'put what is needed into the project (docs/, test/fixtures/) and refer to it there',
    );
  });
});
