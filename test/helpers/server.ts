import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Realtime } from '../../src/platform/realtime/index.js';
import { seedDemo, type DemoAccount } from '../../src/seed/demo.js';
import { createTestPlatform, type TestPlatform } from './platform.js';

export interface TestServer {
  baseUrl: string;
  testPlatform: TestPlatform;
  realtime: Realtime;
  stop(): Promise<void>;
  demo: { admin: { username: string; password: string } };
  /** Every demo account with its one-time password (custodians with their PKCS#12 files). */
  accounts: DemoAccount[];
}

/** The real HTTP + Socket.IO server on an ephemeral port, for socket and browser tests. */
export async function startTestServer(opts: { seedDemo?: boolean } = {}): Promise<TestServer> {
  const testPlatform = await createTestPlatform();
  const accounts = opts.seedDemo === false ? [] : await seedDemo(testPlatform.platform);
  const http = createServer(testPlatform.app);
  const realtime = new Realtime(
    http,
    testPlatform.platform.identity,
    testPlatform.platform.events,
    testPlatform.platform.clock,
    testPlatform.platform.log,
  );
  testPlatform.platform.modules.sockets(realtime);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  const admin = accounts.find((a) => a.role === 'admin');
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    testPlatform,
    realtime,
    demo: { admin: { username: admin?.username ?? '', password: admin?.password ?? '' } },
    accounts,
    stop: async () => {
      await realtime.close();
      await testPlatform.close();
    },
  };
}
