import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { createApp } from './app.js';
import { composePlatform } from './compose.js';
import { ConfigError, loadConfig } from './platform/config.js';
import { Realtime } from './platform/realtime/index.js';
import { startScheduler } from './platform/scheduler.js';
import { JobRunner, processIdentity } from './platform/jobs/index.js';
import { demoHistoryStart, seedDemo, type DemoAccount } from './seed/demo.js';
import { startDemoCustodianAgents } from './seed/demo-custodian-agents.js';
import { SeedClock } from './seed/seed-clock.js';

function printAccounts(accounts: DemoAccount[]): void {
  console.log('\nDemo accounts (passwords are shown this once; keep them):');
  for (const a of accounts) console.log(`  ${a.role.padEnd(10)} ${a.username.padEnd(12)} ${a.password}`);
  const p12s = accounts.filter((a) => a.p12);
  if (p12s.length > 0) {
    console.log(
      "\nKey custodians' PKCS#12 files for a manual release on 密钥托管 (file password shown this once):",
    );
    for (const a of p12s) console.log(`  ${a.username.padEnd(12)} ${a.p12!.file}  ${a.p12!.password}`);
  }
  console.log('');
}

async function main(): Promise<void> {
  const config = loadConfig();
  // The system clock, except while the demo seed writes its back-dated history (before anything runs).
  const clock = new SeedClock();
  const realStart = new Date();
  // A first start with the demo: the CA and platform keys are made at the history's start, so that the
  // certificates the seed issues in its history fall within their validity. Never on a later start: existing
  // keys are read at real time.
  const firstStart = config.SEED_DEMO && !existsSync(join(config.KEYS_DIR, 'ca-root.key.pem'));
  if (firstStart) clock.set(demoHistoryStart(realStart));
  const platform = await composePlatform(config, { clock });
  const { log } = platform;
  if (config.SEED_DEMO) {
    const started = Date.now();
    const accounts = await seedDemo(platform, realStart);
    clock.release();
    if (accounts.length > 0) {
      log.info({ ms: Date.now() - started }, 'demo seeded');
      // pino writes JSON lines asynchronously while console.log writes at once: without the flush, a log line
      // can land in the middle of the table a person (or a test) reads.
      await new Promise<void>((resolve) => log.flush(() => resolve()));
      printAccounts(accounts);
    }
  }

  const http = createServer(createApp(platform));
  const stopScheduler = startScheduler(platform.modules.tasks(), 1000, log);
  // Durable jobs (openings, ...): only the node holding the lease runs them; handlers are registered in compose.
  const jobRunner = new JobRunner(platform.jobs, platform, { holder: processIdentity() });
  jobRunner.start(500);
  const realtime = new Realtime(
    http,
    platform.identity,
    platform.events,
    platform.clock,
    log,
    platform.cluster.socketAdapter(),
  );
  platform.modules.sockets(realtime);
  // Durable event consumers (the opening hall, ...): each reads the event stream on from its cursor.
  platform.events.consumers.start(1000);
  const demoAgents = startDemoCustodianAgents(platform, http); // demo only: DEMO_CUSTODIAN_AGENTS
  http.listen(config.PORT, config.HOST, () => {
    const address = http.address();
    const port = typeof address === 'object' && address ? address.port : config.PORT;
    log.info({ port }, `Yangguang is serving on http://localhost:${port}`);
  });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: no new connections, finishing requests in flight');
    const force = setTimeout(() => {
      log.error('shutdown took over 15 s; exiting anyway');
      process.exit(1);
    }, 15_000);
    force.unref();
    demoAgents.stop();
    await stopScheduler();
    await jobRunner.stop();
    await platform.events.consumers.stop();
    http.closeIdleConnections();
    await realtime.close(); // closes the HTTP server too, once requests in flight finish
    await platform.close();
    log.info('stopped');
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) console.error(err.message);
  else console.error('Yangguang failed to start:', err);
  process.exit(1);
});
