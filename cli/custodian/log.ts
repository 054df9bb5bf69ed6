// The agent's log: one JSON object per line, stamped with the agent's own clock, so an operator (or a
// notary auditing a custodian) can replay every request and decision. Entries carry ids, positions,
// times and outcomes; never a share, a key, a password or a token — callers only pass those fields.
import type { Writable } from 'node:stream';

export type AgentLogEntry = { event: string } & Record<string, unknown>;
export type AgentLog = (entry: AgentLogEntry) => void;

export function jsonLines(
  out: Writable,
  clock: { now(): Date },
  fields: Record<string, unknown> = {},
): AgentLog {
  return (entry) => out.write(`${JSON.stringify({ at: clock.now().toISOString(), ...fields, ...entry })}\n`);
}
