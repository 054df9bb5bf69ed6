// A decrypt worker thread (decrypt-pool.ts): decrypts one stored sealed bid per task and answers with the
// outcome and the manifest only; the plaintext never leaves this thread and is never held whole.
import { serveTasks } from '../../platform/workers/serve.js';
import { decryptStoredFile, type Decryption } from './decrypt.js';
import type { DecryptTask } from './decrypt-pool.js';

serveTasks<DecryptTask, Decryption>(
  (task) => decryptStoredFile(task.path, task.bid, task.key, task.fields),
  (task) => task.key.fill(0),
);
