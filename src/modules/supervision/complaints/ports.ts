import type { TendersPort } from '../ports.js';

/** The party filing: verified, with its name as the complaint and the published decision show it. */
export interface PartiesPort {
  find(id: string): Promise<{ id: string; name: string; status: string } | null>;
}

export type { TendersPort };
