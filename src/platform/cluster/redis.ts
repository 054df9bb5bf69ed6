import { createAdapter } from '@socket.io/redis-streams-adapter';
import { RedisStore } from 'rate-limit-redis';
import { createClient } from 'redis';
import type { Namespace } from 'socket.io';
import { gaplessRecovery } from './gapless-recovery.js';
import type { Logger } from '../logger.js';
import type { Cluster } from './cluster.js';

/** Keys and channels of one deployment start with this, so a Redis may serve others beside it. */
const PREFIX = 'yg:';

/**
 * Several nodes on one Redis: Socket.IO through the Redis Streams adapter (rooms span the nodes, and
 * connection state recovery still works: a client that reconnects to another node gets what it missed),
 * rate limits counted in Redis, cache invalidations over Redis PUB/SUB. Connects before the platform starts,
 * so a wrong REDIS_URL stops the start-up with its reason instead of running as islands.
 */
export async function connectRedisCluster(url: string, log: Logger): Promise<Cluster> {
  const client = createClient({ url });
  // A connection lost later is retried by the client; say so once per failure instead of crashing.
  client.on('error', (err: unknown) => log.warn({ err }, 'redis connection error'));
  await client.connect();
  const subscriber = client.duplicate();
  subscriber.on('error', (err: unknown) => log.warn({ err }, 'redis subscriber connection error'));
  await subscriber.connect();
  const streams = createAdapter(client, {
    streamName: `${PREFIX}socket.io`,
    channelPrefix: `${PREFIX}socket.io`,
  });
  // Socket.IO calls it with `new`: a function expression, which hands back the adapter it returns.
  const adapter = function (nsp: Namespace) {
    return gaplessRecovery(streams(nsp));
  };
  log.info({ redis: redactedUrl(url) }, 'sharing sockets, rate limits and caches through Redis');

  return {
    kind: 'redis',
    rateLimitStore: (name) =>
      new RedisStore({
        prefix: `${PREFIX}rl:${name}:`,
        sendCommand: (...args: string[]) => client.sendCommand(args),
      }),
    socketAdapter: () => adapter,
    publish: async (channel, message) => {
      await client.publish(`${PREFIX}${channel}`, message);
    },
    subscribe: (channel, listener) => {
      void subscriber.subscribe(`${PREFIX}${channel}`, listener).catch((err: unknown) => {
        log.error({ err, channel }, 'redis subscribe failed');
      });
    },
    ping: async () => {
      await client.ping();
    },
    close: async () => {
      await Promise.allSettled([subscriber.quit(), client.quit()]);
    },
  };
}

/** The URL without its password, for logs. */
function redactedUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
