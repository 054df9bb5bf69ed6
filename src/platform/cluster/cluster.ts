import type { Store } from 'express-rate-limit';
import type { ServerOptions } from 'socket.io';

/**
 * What the nodes of one deployment share beyond the database (docs/design.md §11): one node needs nothing
 * (`localCluster`); several behind a load balancer share Redis (`REDIS_URL`, redis.ts). Everything a node keeps
 * in memory that another would need goes through here: Socket.IO rooms, rate-limit counters, cache
 * invalidations.
 */
export interface Cluster {
  readonly kind: 'local' | 'redis';
  /**
   * A store for one express-rate-limit limiter, counting across every node; undefined on one node (the
   * limiter's in-memory default). `name` keeps limiters apart: each limiter needs its own store.
   */
  rateLimitStore(name: string): Store | undefined;
  /** The Socket.IO adapter for every namespace, so a room emit reaches clients on every node. */
  socketAdapter(): ServerOptions['adapter'] | undefined;
  /** Tells every node (this one too) on `channel`; at most once, and lost while a node is down. */
  publish(channel: string, message: string): Promise<void>;
  subscribe(channel: string, listener: (message: string) => void): void;
  /** Throws when the shared store cannot be reached (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** One node: its memory is the whole deployment's, and a publish is a function call. */
export function localCluster(): Cluster {
  const listeners = new Map<string, ((message: string) => void)[]>();
  return {
    kind: 'local',
    rateLimitStore: () => undefined,
    socketAdapter: () => undefined,
    publish: async (channel, message) => {
      for (const listener of listeners.get(channel) ?? []) listener(message);
    },
    subscribe: (channel, listener) => {
      listeners.set(channel, [...(listeners.get(channel) ?? []), listener]);
    },
    ping: async () => {},
    close: async () => {
      listeners.clear();
    },
  };
}
