// Where the session token lives between commands: YANGGUANG_TOKEN for scripts, or a config file
// readable only by its owner (~/.config/yangguang/session.json, mode 0600), one entry per server.
// The token is a bearer credential, so it is never printed and never written anywhere else.
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { CliError, type CliIo } from './io.js';

const sessionFile = z.object({
  servers: z.record(
    z.string(),
    z.object({ token: z.string().min(1), username: z.string(), expiresAt: z.string().optional() }),
  ),
});
type SessionFile = z.infer<typeof sessionFile>;

export function configPath(io: CliIo, override?: string): string {
  if (override) return override;
  if (io.env.YANGGUANG_CONFIG) return io.env.YANGGUANG_CONFIG;
  const base = io.env.XDG_CONFIG_HOME || join(io.env.HOME || homedir(), '.config');
  return join(base, 'yangguang', 'session.json');
}

/** One key per server whatever the user typed: "http://h:3000/" and "http://h:3000" are the same. */
export function serverKey(server: string): string {
  return new URL(server).origin;
}

async function load(path: string): Promise<SessionFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { servers: {} };
    throw error;
  }
  const parsed = sessionFile.safeParse(JSON.parse(text));
  if (!parsed.success) throw new CliError(`The session file ${path} is not readable; log in again`);
  return parsed.data;
}

/** Written whole to a temporary file created with mode 0600, then renamed: never a half file. */
async function save(path: string, data: SessionFile): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600 });
  await chmod(temp, 0o600);
  await rename(temp, path);
}

export async function storeSession(
  path: string,
  server: string,
  session: { token: string; username: string; expiresAt?: string },
): Promise<void> {
  const data = await load(path);
  data.servers[serverKey(server)] = session;
  await save(path, data);
}

export async function forgetSession(path: string, server: string): Promise<boolean> {
  const data = await load(path);
  const key = serverKey(server);
  if (!data.servers[key]) return false;
  delete data.servers[key];
  await save(path, data);
  return true;
}

/** The token for a server: YANGGUANG_TOKEN first, then the session file. */
export async function sessionToken(io: CliIo, server: string, configOverride?: string): Promise<string> {
  if (io.env.YANGGUANG_TOKEN) return io.env.YANGGUANG_TOKEN;
  const data = await load(configPath(io, configOverride));
  const token = data.servers[serverKey(server)]?.token;
  if (!token) {
    throw new CliError(`Not logged in to ${serverKey(server)}: run "yangguang login --server ${server}"`);
  }
  return token;
}
