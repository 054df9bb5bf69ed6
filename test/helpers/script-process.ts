import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';

/**
 * A test helper script (test/helpers/*-process.ts) run as a real Node process under tsx, named by `holder`,
 * with its output and how it ended. It is ready once it prints "ready"; exiting before that fails `ready`.
 */
export class ScriptProcess {
  stdout = '';
  stderr = '';
  ended = false;
  readonly ready: Promise<void>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly child: ChildProcessByStdio<null, Readable, Readable>;

  constructor(
    script: string,
    readonly holder: string,
    env: Record<string, string>,
  ) {
    this.child = spawn(process.execPath, ['--import', 'tsx', script], {
      env: { ...process.env, ...env, HOLDER: holder },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise((resolve) =>
      this.child.once('exit', (code, signal) => {
        this.ended = true;
        resolve({ code, signal });
      }),
    );
    this.ready = new Promise((resolve, reject) => {
      this.child.stdout.on('data', (chunk: Buffer) => {
        this.stdout += chunk.toString();
        if (this.stdout.includes('ready')) resolve();
      });
      void this.exited.then(() => reject(new Error(`${holder} exited before it was ready: ${this.stderr}`)));
    });
  }
}
