/**
 * A supervision page is read again on a push, on the poll, after a dialog closes, or on a click. Two reads at
 * once would each draw what they got, and the one that answers last may be the older: the page would then show
 * a stale state until the next push. So only one read runs; a refresh asked for meanwhile runs once after it.
 * `read` draws its own errors (a page's error box), so nothing it throws is left for the caller.
 */
export function oneReadAtATime(read: () => Promise<unknown>): () => Promise<void> {
  let reading: Promise<void> | null = null;
  let again = false;
  const run = async (): Promise<void> => {
    if (reading) {
      again = true;
      return reading;
    }
    reading = read().then(
      () => undefined,
      () => undefined,
    );
    await reading;
    reading = null;
    if (again) {
      again = false;
      await run();
    }
  };
  return run;
}
