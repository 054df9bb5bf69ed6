import type { zhCNInstructions } from './zh-CN-instructions.js';

/** English for supervisory instructions: suspending and resuming a tender, ordering a re-evaluation. */
export const enInstructions: Record<keyof typeof zhCNInstructions, string> = {
  'noticeKind.suspension': 'Suspension notice',
  'noticeKind.resumption': 'Resumption notice',
  'instructions.title': 'Supervisory instructions',
  'instructions.none': 'No supervisory instruction on this tender.',
  'instructions.held': 'This tender has been suspended by the supervisory authority: {reason}',
  'instructions.heldSince': 'Suspension {code}, since {time}',
  'instructions.kind.suspension': 'Suspension',
  'instructions.kind.resumption': 'Resumption',
  'instructions.kind.re-evaluation': 'Re-evaluation ordered',
  'instructions.colCode': 'Instruction no.',
  'instructions.colKind': 'Instruction',
  'instructions.colReason': 'Reason',
  'instructions.colTime': 'Time',
  'instructions.colBy': 'Supervisor',
  'instructions.suspend': 'Suspend',
  'instructions.resume': 'Resume',
  'instructions.suspendTitle': 'Suspend this tender',
  'instructions.suspendBody':
    'While suspended, every trading action of the tenderee, the agency, the bidders and the experts on this tender is refused; a suspension notice is published.',
  'instructions.resumeTitle': 'Resume this tender',
  'instructions.resumeBody':
    'The parties may carry on with the tender; a resumption notice is published. An opening that fell due while suspended follows within a minute.',
  'instructions.reason': 'Reason (5–500 characters)',
  'instructions.reasonRequired': 'State the reason, at least 5 characters',
  'instructions.done.suspension': 'The tender is suspended and the suspension notice published.',
  'instructions.done.resumption': 'The tender is resumed and the resumption notice published.',
  'instructions.reevaluate': 'Order re-evaluation',
  'instructions.reevaluateSection': 'Order re-evaluation: {section}',
  'instructions.reevaluateTitle': 'Order the original committee to re-evaluate',
  'instructions.reevaluateBody':
    'The concluded evaluation goes back to scoring; the same committee corrects its scores and concludes again. The previous result stays in the evaluation record.',
  'instructions.done.re-evaluation': 'Re-evaluation ordered: the evaluation is back in scoring.',
  'error.EVALUATION_NOT_CONCLUDED': 'This evaluation has not concluded; a re-evaluation cannot be ordered',
  'error.TENDER_SUSPENDED':
    'This tender is suspended by the supervisory authority; this action is not possible now',
  'error.TENDER_NOT_SUSPENDED': 'This tender is not suspended',
  'error.TENDER_ALREADY_SUSPENDED': 'This tender is already suspended',
};
