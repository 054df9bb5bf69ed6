// Running the yangguang CLI in tests: in-process through main() with memory streams, or as a real
// child process (node --import tsx cli/yangguang.ts) for the end-to-end path.
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough, Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { main } from '../../cli/yangguang.js';
import type { CliIo } from '../../cli/io.js';
import { createTestPlatform, type TestPlatform } from './platform.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ENTRY = fileURLToPath(new URL('../../cli/yangguang.ts', import.meta.url));

function collector() {
  const stream = new PassThrough();
  const parts: Buffer[] = [];
  stream.on('data', (b: Buffer) => parts.push(b));
  return { stream, text: () => Buffer.concat(parts).toString('utf8') };
}

/** main() in this process; env is exactly what is given (nothing leaks in from the test runner). */
export async function runInProcess(
  args: string[],
  env: Record<string, string | undefined> = {},
  stdin = '',
): Promise<CliRun> {
  const out = collector();
  const err = collector();
  const io: CliIo = {
    stdin: Readable.from([Buffer.from(stdin)]),
    stdout: out.stream,
    stderr: err.stream,
    env,
  };
  const code = await main(args, io);
  return { code, stdout: out.text(), stderr: err.text() };
}

/** The CLI as a user runs it: a separate node process. */
export function runProcess(
  args: string[],
  env: Record<string, string | undefined> = {},
  stdin?: string,
): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', ENTRY, ...args],
      { cwd: ROOT, env: { PATH: process.env.PATH, ...env }, maxBuffer: 16 << 20 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    child.stdin?.end(stdin ?? '');
  });
}

/** A real HTTP server over a test platform; sessions outlast clock jumps to the deadline. */
export async function startCliServer(): Promise<{ t: TestPlatform; baseUrl: string; stop(): Promise<void> }> {
  const t = await createTestPlatform({ SESSION_TTL_HOURS: '720' });
  const http: Server = createServer(t.app);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    t,
    baseUrl: `http://127.0.0.1:${port}`,
    stop: async () => {
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await t.close();
    },
  };
}
