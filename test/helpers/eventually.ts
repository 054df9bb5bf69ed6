import { AssertionError } from 'node:assert';
import { inspect, isDeepStrictEqual } from 'node:util';

/**
 * The one way tests wait for something that happens on its own time (a server process starting, a job
 * finishing, an event delivered after the answer): poll the observed state until it holds. Never a fixed
 * sleep: the wait ends as soon as the state is reached, and the limit is only there to end a test that would
 * hang, so it is generous (a loaded CI machine is slow, not wrong).
 */
export interface EventuallyOptions {
  /** Fail after this long (default 20 s). */
  timeoutMs?: number;
  /** Pause between probes (default 20 ms). */
  intervalMs?: number;
  /** Checked before each pause: a reason to stop waiting at once (the process being waited on has exited). */
  abort?: () => string | null | undefined;
}

/** What a probe answers while the state is not reached yet. */
type NotYet = null | undefined | false;

/**
 * Probes until `probe` answers something other than null, undefined or false, and returns that answer.
 * A probe that throws ends the wait with its error; one that may fail while the state is not reached (a
 * server still starting) catches its own errors and answers null.
 */
export async function eventually<T>(
  what: string,
  probe: () => T | NotYet | Promise<T | NotYet>,
  opts: EventuallyOptions = {},
): Promise<T> {
  const { timeoutMs = 20_000, intervalMs = 20 } = opts;
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value !== null && value !== undefined && value !== false) return value;
    const aborted = opts.abort?.();
    if (aborted) throw new Error(`stopped waiting for ${what}: ${aborted}`);
    if (Date.now() - started > timeoutMs)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * For a page that changes after the action that caused it (a click answered by a re-render, a fetch or a
 * socket event): probes until `probe` answers `expected` (deep-equal), or a string matching it when it is a
 * RegExp, and fails with the last answer seen. Reading once straight after the action would race the page.
 */
export async function settlesTo<T>(
  what: string,
  probe: () => T | Promise<T>,
  expected: T | RegExp,
  opts: Omit<EventuallyOptions, 'abort'> = {},
): Promise<void> {
  const holds = (value: T) =>
    expected instanceof RegExp
      ? typeof value === 'string' && expected.test(value)
      : isDeepStrictEqual(value, expected);
  let last: T | undefined;
  try {
    await eventually(what, async () => holds((last = await probe())), opts);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith('timed out')) throw error;
    throw new AssertionError({
      message: `${what}: still ${inspect(last)} after ${opts.timeoutMs ?? 20_000} ms, expected ${inspect(expected)}`,
      actual: last,
      expected,
      operator: expected instanceof RegExp ? 'match' : 'deepStrictEqual',
    });
  }
}
