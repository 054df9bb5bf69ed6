// A decrypt worker thread (decrypt-pool.ts): decrypts one stored sealed bid per message and answers with
// the outcome and the manifest only; the plaintext never leaves this thread and is never held whole.
import { parentPort } from 'node:worker_threads';
import { decryptStoredFile } from './decrypt.js';
import type { DecryptReply, DecryptTask } from './decrypt-pool.js';

const port = parentPort;
if (!port) throw new Error('decrypt-worker runs as a worker thread of the decrypt pool');

port.on('message', (task: DecryptTask) => {
  const reply = (message: DecryptReply) => port.postMessage(message);
  decryptStoredFile(task.path, task.bid, task.key, task.fields)
    .then(
      (result) => reply({ result }),
      (err: unknown) => reply({ error: err instanceof Error ? err.message : String(err) }),
    )
    .finally(() => task.key.fill(0));
});
