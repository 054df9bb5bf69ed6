// A small note kept beside a certificate or PKCS#12 file ("cert.pem.json"): the party the certificate
// was issued for. A sealed bid names the bidder's party, and with this note `seal` can work offline.
import { readFile, writeFile } from 'node:fs/promises';
import { z } from 'zod';

const identityNote = z.object({
  serial: z.string(),
  partyId: z.string().nullable(),
  subjectCn: z.string().optional(),
  subjectUscc: z.string().nullable().optional(),
  notAfter: z.string().optional(),
});
export type IdentityNote = z.infer<typeof identityNote>;

export const notePath = (file: string) => `${file}.json`;

export async function writeIdentityNote(file: string, note: IdentityNote): Promise<void> {
  await writeFile(notePath(file), `${JSON.stringify(identityNote.parse(note), null, 2)}\n`);
}

export async function readIdentityNote(file: string): Promise<IdentityNote | undefined> {
  try {
    const parsed = identityNote.safeParse(JSON.parse(await readFile(notePath(file), 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
