// What the agent must remember across restarts: the latest opening time it saw per tender. Its guard
// ("an opening time never moves earlier") is only as good as its memory; a server that moved a deadline
// earlier while the agent was down would otherwise be believed on the next start. One small JSON file,
// owner-only, replaced whole on each change (write to a temporary file, then rename: never half-written).
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';

/** The agent's memory of opening times (ms since the epoch), per tender id. */
export interface OpeningTimeStore {
  load(): Map<string, number>;
  save(times: Map<string, number>): void;
}

const stateFile = z.object({
  format: z.literal('yangguang/custodian-agent-state'),
  version: z.literal(1),
  server: z.string(),
  openingTimes: z.record(z.string(), z.number().int()),
});

/** Kept in memory only (tests, the embedded demo): the guard lasts as long as the process. */
export const memoryOpeningTimes = (): OpeningTimeStore => {
  let saved = new Map<string, number>();
  return { load: () => new Map(saved), save: (times) => void (saved = new Map(times)) };
};

/**
 * A file per server. A file that exists but cannot be read is an error, not an empty memory: starting
 * afresh would forget exactly what the guard is for.
 */
export function fileOpeningTimes(path: string, server: string): OpeningTimeStore {
  const origin = new URL(server).origin;
  return {
    load() {
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
        throw error;
      }
      const parsed = stateFile.safeParse(JSON.parse(text));
      if (!parsed.success) throw new Error(`${path} is not a custodian agent state file`);
      if (parsed.data.server !== origin)
        throw new Error(`${path} belongs to the agent of ${parsed.data.server}, not ${origin}`);
      return new Map(Object.entries(parsed.data.openingTimes));
    },
    save(times) {
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      const body = {
        format: 'yangguang/custodian-agent-state',
        version: 1,
        server: origin,
        openingTimes: Object.fromEntries([...times].sort(([a], [b]) => (a < b ? -1 : 1))),
      };
      const temporary = `${path}.${process.pid}.tmp`;
      writeFileSync(temporary, `${JSON.stringify(body, null, 2)}\n`, { mode: 0o600 });
      renameSync(temporary, path);
      chmodSync(path, 0o600);
    },
  };
}

/** ~/.config/yangguang/custodian-<certificate serial>.json, beside the session file. */
export function defaultStatePath(env: Record<string, string | undefined>, home: string, serial: string) {
  const base = env.XDG_CONFIG_HOME || join(env.HOME || home, '.config');
  return join(base, 'yangguang', `custodian-${serial.replace(/[^0-9A-Za-z_-]/g, '_')}.json`);
}
