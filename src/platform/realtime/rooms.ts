/**
 * Room names, made in one place so that a broadcast and a join cannot disagree on the spelling. Realtime puts
 * every authenticated socket in its user's and its session's rooms (a logout disconnects the session's room).
 */
export const rooms = {
  user: (userId: string) => `user:${userId}`,
  session: (sessionId: string) => `session:${sessionId}`,
  /** A tender's room, or one of its parts (an audience: `tender:<id>:public`). */
  tender: (tenderId: string, part?: string) => (part ? `tender:${tenderId}:${part}` : `tender:${tenderId}`),
  /** The tender a `tender:` room belongs to, or null for any other room. */
  tenderOf: (room: string): string | null => /^tender:([^:]+)/.exec(room)?.[1] ?? null,
};
