// A decrypt worker thread (decrypt-pool.ts): decrypts one stored sealed bid per message and answers with
// the outcome and the manifest only; the plaintext never leaves this thread and is never held whole. The pool
// may hand over the next bids before this one is done: they wait their turn and are answered in order.
import { parentPort } from 'node:worker_threads';
import { decryptStoredFile } from './decrypt.js';
import type { DecryptReply, DecryptTask } from './decrypt-pool.js';

const port = parentPort;
if (!port) throw new Error('decrypt-worker runs as a worker thread of the decrypt pool');

let turn: Promise<void> = Promise.resolve();

port.on('message', (task: DecryptTask) => {
  turn = turn.then(() => decryptOne(task));
});

async function decryptOne(task: DecryptTask): Promise<void> {
  const reply = (message: DecryptReply) => port!.postMessage(message);
  try {
    reply({ id: task.id, result: await decryptStoredFile(task.path, task.bid, task.key, task.fields) });
  } catch (err) {
    reply({ id: task.id, error: err instanceof Error ? err.message : String(err) });
  } finally {
    task.key.fill(0);
  }
}
