import { QueryTypes } from 'sequelize';
import type { Database } from '../../../platform/db/database.js';
import type { LinkKind } from './schemas.js';

/**
 * A record that belongs to a tender and is audited under a subject of its own (`bid:<id>`), rather than
 * under `tender:<id>`. The timeline finds a tender's steps by listing these subjects and reading the audit
 * chain through its subject index: one indexed lookup of ids per kind here (by each table's tender_id
 * index, evidence through its complaint's), then one of entries.
 *
 * This is the one place supervision reads other modules' tables, and only their ids by tender: oversight
 * follows the tender everywhere, and an id lookup is all it needs from them. A new kind of record audited
 * under its own subject adds a line here, or its steps are missing from the timeline.
 */
interface ChildKind {
  /** The audit subject's prefix: `bid` in `bid:<id>`. */
  subject: string;
  /** The children's ids, given `:tenderId`: an index lookup. */
  ids: string;
  link: LinkKind;
}

const byTender = (table: string) => `SELECT id FROM ${table} WHERE tender_id = :tenderId`;

export const TENDER_CHILDREN: readonly ChildKind[] = [
  { subject: 'bid', ids: byTender('bids'), link: 'bids' },
  { subject: 'expert-draw', ids: byTender('expert_draws'), link: 'draw' },
  { subject: 'evaluation', ids: byTender('evaluations'), link: 'evaluation' },
  { subject: 'supervision-alert', ids: byTender('supervision_alerts'), link: 'alert' },
  { subject: 'complaint', ids: byTender('complaints'), link: 'complaint' },
  // A complaint's evidence files, once the complaint that names them is filed (uploaded, read).
  {
    subject: 'complaint-evidence',
    ids:
      'SELECT e.id FROM complaint_evidence e JOIN complaints c ON c.id = e.complaint_id ' +
      'WHERE c.tender_id = :tenderId',
    link: 'complaint',
  },
];

/** Every audit subject of the tender: itself and each of its children. */
export async function subjectsOf(db: Database, tenderId: string): Promise<string[]> {
  const ids = await Promise.all(
    TENDER_CHILDREN.map(async ({ subject, ids }) => {
      // The queries are the constants above; the tender id is a bound parameter.
      const rows = await db.sequelize.query<{ id: string }>(ids, {
        replacements: { tenderId },
        type: QueryTypes.SELECT,
      });
      return rows.map((row) => `${subject}:${row.id}`);
    }),
  );
  return [`tender:${tenderId}`, ...ids.flat()];
}

/** Where an entry leads: its child's page, or the part of the tender the action is about. */
export function linkOf(subject: string, action: string, tenderId: string): { kind: LinkKind; id: string } {
  const colon = subject.indexOf(':');
  const [prefix, id] = [subject.slice(0, colon), subject.slice(colon + 1)];
  const opening = /^(opening|opening-hall|opened-bid)\./.test(action);
  if (opening) return { kind: 'opening', id: tenderId };
  const child = TENDER_CHILDREN.find((c) => c.subject === prefix);
  // Bids are listed on the page itself; an evidence file leads to the complaints (its complaint's id is not here).
  if (child)
    return { kind: child.link, id: child.link === 'bids' || prefix === 'complaint-evidence' ? tenderId : id };
  if (action.startsWith('document.')) return { kind: 'documents', id: tenderId };
  // Supervisory instructions and the holds they place are audited under the tender itself.
  if (/^(tender\.hold-|supervision\.instruction\.)/.test(action))
    return { kind: 'instruction', id: tenderId };
  return { kind: 'tender', id: tenderId };
}
