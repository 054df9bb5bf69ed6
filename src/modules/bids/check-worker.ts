// The bid ingest's checking thread (stored-check.ts): hashes each staged upload and checks its chunk digests.
import { serveTasks } from '../../platform/workers/serve.js';
import { checkStoredBid, type StoredBidCheck, type StoredBidTask } from './stored-check.js';

serveTasks<StoredBidTask, StoredBidCheck>(checkStoredBid);
