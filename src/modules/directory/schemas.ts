import { z } from 'zod';

/**
 * One person a tenderee or agency may name on a form (a key custodian, a draw's supervisor): what a picker
 * shows and sends. No username, phone or e-mail: the picker needs a name to recognise and an id to send.
 */
export const directoryEntry = z.object({
  id: z.string(),
  displayName: z.string(),
  /** The organisation they act for, when the account belongs to a registered party. */
  partyName: z.string().nullable(),
});
export type DirectoryEntry = z.infer<typeof directoryEntry>;

export const custodianEntry = directoryEntry.extend({
  /** Bidders encrypt key shares to this certificate: a custodian without one cannot be named (design §6). */
  hasValidCertificate: z.boolean(),
});
export type CustodianEntry = z.infer<typeof custodianEntry>;

export const directoryList = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });
