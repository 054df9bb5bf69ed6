// login / logout: a session token for one server, kept in the session file (mode 0600) so later
// commands need no password. The token and the password are never printed.
import { apiJson } from '../http.js';
import { EXIT, say, usageError, type CliIo } from '../io.js';
import { readSecret } from '../secret.js';
import { configPath, forgetSession, sessionToken, storeSession } from '../session.js';
import { serverOf, serverOptions, type Command, type OptionValues } from '../command.js';

export const loginCommand: Command = {
  name: 'login',
  summary: 'Log in and keep the session token (password: prompt, --password-stdin or YANGGUANG_PASSWORD)',
  usage: 'yangguang login --server URL --username NAME [--password-stdin] [--config FILE]',
  options: { ...serverOptions, username: { type: 'string' }, 'password-stdin': { type: 'boolean' } },
  run: login,
};

export const logoutCommand: Command = {
  name: 'logout',
  summary: 'End the session on the server and forget its token',
  usage: 'yangguang logout --server URL [--config FILE]',
  options: serverOptions,
  run: logout,
};

export function requireServer(opts: OptionValues, io: CliIo, usage: string): string {
  const server = serverOf(opts, io);
  if (!server) throw usageError(`--server is required (or set YANGGUANG_SERVER)\nusage: ${usage}`);
  return server;
}

async function login(opts: OptionValues, io: CliIo): Promise<number> {
  const server = requireServer(opts, io, loginCommand.usage);
  const username = opts.required('username');
  const password = await readSecret(io, {
    env: 'YANGGUANG_PASSWORD',
    fromStdin: opts.flag('password-stdin'),
    prompt: `Password for ${username}: `,
  });
  const session = await apiJson<{ token: string; expiresAt?: string; user?: { role?: string } }>(
    server,
    '/auth/login',
    { body: { username, password } },
  );
  const path = configPath(io, opts.string('config'));
  await storeSession(path, server, { token: session.token, username, expiresAt: session.expiresAt });
  const role = session.user?.role ? ` as ${session.user.role}` : '';
  say(io, `Logged in to ${new URL(server).origin} as ${username}${role}; session kept in ${path}`);
  if (session.expiresAt) say(io, `The session expires at ${session.expiresAt}`);
  return EXIT.ok;
}

async function logout(opts: OptionValues, io: CliIo): Promise<number> {
  const server = requireServer(opts, io, logoutCommand.usage);
  const path = configPath(io, opts.string('config'));
  const token = await sessionToken(io, server, opts.string('config')).catch(() => undefined);
  if (token) await apiJson(server, '/auth/logout', { method: 'POST', token }).catch(() => undefined);
  const forgotten = await forgetSession(path, server);
  say(io, forgotten ? `Logged out of ${new URL(server).origin}` : 'No session was kept for this server');
  return EXIT.ok;
}
