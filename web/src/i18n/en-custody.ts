import type { zhCNCustody } from './zh-CN-custody.js';

/** English for the key custodian's page; typed by the Chinese catalog. */
export const enCustody: Record<keyof typeof zhCNCustody, string> = {
  'custody.title': 'Key custody',
  'custody.intro':
    'You keep a key share for these tenders. Once the opening time has passed, unwrap your shares with your PKCS#12 file and release them; before it the platform refuses every share.',
  'custody.empty': 'You keep no key shares at present.',
  'custody.code': 'Tender code',
  'custody.tender': 'Tender',
  'custody.openingTime': 'Opening time (Beijing)',
  'custody.position': 'Position',
  'custody.status': 'Status',
  'custody.release': 'Key shares',
  'custody.releaseButton': 'Release my shares',
  'custody.notYet': 'Not before the opening time',
  'custody.done': 'Released',
  'custody.releaseTitle': 'Release key shares: {code}',
  'custody.releaseBody':
    'Choose your PKCS#12 file and type its password. The file is opened in this browser only and the private key never leaves it; each share is checked before it is sent.',
  'custody.releaseNow': 'Unwrap and release',
  'custody.releasing': 'Unwrapping and releasing…',
  'custody.released': '{count} shares released.',
  'custody.notReleased':
    '{count} shares could not be unwrapped with this key or failed their check; not sent.',
  'custody.wrong': 'The platform found {count} shares wrong.',
  'custody.reported':
    'Reported {count} unusable shares to the platform, signed: those bids cannot be opened because of the shares their bidders sealed, and you are not blamed for them.',
  'error.REPORT_SIGNATURE_INVALID':
    'The report’s signature does not verify with your certificate for this tender: use that certificate’s file.',
  'error.SHARE_ALREADY_RELEASED':
    'You already released a valid share of that bid; it cannot also be reported unusable.',
  'error.OPENING_NOT_STARTED': 'The opening time has not come: the platform refuses.',
  'error.OPENING_COMPLETE': 'The opening is complete; nothing more to release.',
};
