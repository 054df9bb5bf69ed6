import type { Revision } from '../../platform/events/revision.js';
import type { SanctionAction } from './models.js';

/** The pool's and the draw's steps as domain events (no names or ID numbers: the committee is sealed). */
interface DrawEvent {
  drawId: string;
  tenderId: string;
  sectionId: string;
  at: string;
}

declare module '../../platform/events.js' {
  interface DomainEvents {
    'experts.imported': { created: number; updated: number; at: string };
    /** An administrator or the expert changed the profile; the phone appears masked (revision.ts). */
    'expert.updated': { expertId: string; changes: Revision; at: string };
    'expert.sanctioned': {
      expertId: string;
      sanctionId: string;
      action: SanctionAction;
      title: string;
      at: string;
    };
    'expert.rated': { expertId: string; drawId: string; creditScore: number; at: string };
    'expert-draw.requested': DrawEvent & { commitment: string; supervisorUserId: string };
    'expert-draw.witnessed': DrawEvent & { withEntropy: boolean };
    'expert-draw.drawn': DrawEvent & { members: number };
    /** To the drawn expert's user (a realtime bridge may forward it); `expertUserId` null when not linked. */
    'expert-draw.invited': DrawEvent & { expertId: string; expertUserId: string | null; respondBy: string };
    'expert-draw.confirmed': DrawEvent & { expertId: string };
    'expert-draw.declined': DrawEvent & { expertId: string; timedOut: boolean };
    'expert-draw.redrawn': DrawEvent & { replaced: string; step: number };
    /** A member of the announced committee declared a conflict (SS Art.48); the redraw follows. */
    'expert-draw.recused': DrawEvent & { expertId: string };
    /** A redraw found nobody left to draw: the slot stays open until the request is changed or rerun. */
    'expert-draw.short': DrawEvent & { replaced: string };
    'expert-draw.announced': DrawEvent & { secret: string };
  }
}

export type { DrawEvent };
