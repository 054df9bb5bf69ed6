/**
 * A page read again on its own time (a push, a poll, a dialog closing, a click): two reads at once would each
 * draw what they got, and the one answering last may be the older, leaving the page stale until the next
 * push. So only one read runs; a refresh asked for meanwhile runs once after it. `read` draws its own errors
 * (the page's error box), so nothing it throws is left for the caller.
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
