import type { Logger } from './logger.js';

export interface Job {
  name: string;
  /** Does whatever is due now (by the platform clock) and returns how much it did. */
  run(): Promise<number>;
}

/**
 * Runs due work on an interval. Jobs derive what is due from the database each time, so the schedule
 * survives restarts and nothing is lost while the process is down; jobs take row locks and re-check
 * under them, so two nodes running the same job do not do the work twice. A run never overlaps itself.
 */
export function startScheduler(jobs: Job[], intervalMs: number, log: Logger): () => Promise<void> {
  let running: Promise<void> | undefined;
  const tick = () => {
    if (running) return;
    running = (async () => {
      for (const job of jobs) {
        try {
          const done = await job.run();
          if (done > 0) log.info({ job: job.name, done }, 'scheduled job did work');
        } catch (err) {
          log.error({ err, job: job.name }, 'scheduled job failed; it runs again next tick');
        }
      }
    })().finally(() => {
      running = undefined;
    });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  tick();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
