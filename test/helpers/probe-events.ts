/** A domain event only tests write: the stream's tests produce it in bulk without a business change. */
declare module '../../src/platform/events.js' {
  interface DomainEvents {
    'test.probe': { n: number };
  }
}
export {};
