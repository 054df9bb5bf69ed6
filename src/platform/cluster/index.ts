export { localCluster, type Cluster } from './cluster.js';
export { connectRedisCluster } from './redis.js';
