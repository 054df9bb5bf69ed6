// DEMO ARRANGEMENT. On a single demo machine the three demo custodians' agents run inside the server
// process, so the demo tender opens at its deadline with no manual step. They are the same agents a real
// custodian runs (`yangguang custodian run`): they log in over HTTP to the server's own port and unwrap
// with their own key files. In a real deployment each custodian runs its agent on its own machine, and
// the platform never holds a custodian key or password. Each agent registers its sealed-bid format 2 key at
// its first round (cli/custodian/curve-key.ts), so bids on the demo tender are sealed in format 2 from then on.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { CustodianAgent } from '../../cli/custodian/agent.js';
import type { Platform } from '../compose.js';

export const DEMO_CUSTODIANS = ['custodian1', 'custodian2', 'custodian3'];

const custodianDir = (keysDir: string) => join(keysDir, 'custodians');
const keyFile = (keysDir: string, username: string) => join(custodianDir(keysDir), `${username}.key.pem`);
const passwordFile = (keysDir: string, username: string) =>
  join(custodianDir(keysDir), `${username}.password`);

/**
 * The seed keeps each demo custodian's password beside its key file, with the same owner-only mode: whoever
 * can read the key can release the shares anyway, so the password adds no exposure, and the built-in agents
 * log in exactly as an outside agent does (a normal session, audited, renewed when it expires).
 */
export function keepDemoCustodianPassword(keysDir: string, username: string, password: string): void {
  mkdirSync(custodianDir(keysDir), { recursive: true, mode: 0o700 });
  const file = passwordFile(keysDir, username);
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
}

/** Starts the agents once the server listens; stop() before closing the server. */
export function startDemoCustodianAgents(platform: Platform, http: Server): { stop(): void } {
  const { config, log } = platform;
  const agents: CustodianAgent[] = [];
  const stop = () => agents.forEach((a) => a.stop());
  if (!(config.DEMO_CUSTODIAN_AGENTS ?? config.SEED_DEMO)) return { stop };
  http.once('listening', () => {
    const address = http.address();
    const port = typeof address === 'object' && address ? address.port : config.PORT;
    for (const username of DEMO_CUSTODIANS) {
      const key = keyFile(config.KEYS_DIR, username);
      const pw = passwordFile(config.KEYS_DIR, username);
      if (!existsSync(key) || !existsSync(pw)) {
        log.warn(
          { custodian: username },
          'demo custodian agent not started: its key or password file is missing',
        );
        continue;
      }
      const agentLog = log.child({ demoCustodianAgent: username });
      const agent = new CustodianAgent({
        serverUrl: `http://127.0.0.1:${port}`,
        username,
        password: readFileSync(pw, 'utf8').trim(),
        key: readFileSync(key, 'utf8'),
        clock: platform.clock,
        // The server logs each request itself; the agents' own request lines go to debug.
        log: (entry) => {
          const level = entry.severity === 'error' ? 'error' : entry.event === 'request' ? 'debug' : 'info';
          agentLog[level](entry, `custodian agent: ${entry.event}`);
        },
        pollMs: 10_000,
        background: true,
      });
      agents.push(agent);
      void agent.run();
    }
    log.info({ custodians: agents.length }, 'demo custodian agents started (a demo arrangement)');
  });
  http.once('close', stop);
  return { stop };
}
