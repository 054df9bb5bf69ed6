import { enAward } from './en-award.js';
import { enContract } from './en-contract.js';
import { enCredit } from './en-credit.js';
import { enReport } from './en-report.js';
import { enBids } from './en-bids.js';
import { enCustody } from './en-custody.js';
import { enEvaluation } from './en-evaluation.js';
import { enExperts } from './en-experts.js';
import { enInstructions } from './en-instructions.js';
import { enOpening } from './en-opening.js';
import { enPages } from './en-pages.js';
import { enPortal } from './en-portal.js';
import { enRoles } from './en-roles.js';
import { enSupervision } from './en-supervision.js';
import { enSupervisionDigest } from './en-supervision-digest.js';
import { enComplaints } from './en-complaints.js';
import { enSupervisionTender } from './en-supervision-tender.js';
import { enTenders } from './en-tenders.js';
import type { Messages } from './zh-CN.js';
import type { zhCNAward } from './zh-CN-award.js';
import type { zhCNContract } from './zh-CN-contract.js';
import type { zhCNCredit } from './zh-CN-credit.js';
import type { zhCNReport } from './zh-CN-report.js';
import type { zhCNBids } from './zh-CN-bids.js';
import type { zhCNCustody } from './zh-CN-custody.js';
import type { zhCNEvaluation } from './zh-CN-evaluation.js';
import type { zhCNExperts } from './zh-CN-experts.js';
import type { zhCNInstructions } from './zh-CN-instructions.js';
import type { zhCNOpening } from './zh-CN-opening.js';
import type { zhCNPages } from './zh-CN-pages.js';
import type { zhCNPortal } from './zh-CN-portal.js';
import type { zhCNRoles } from './zh-CN-roles.js';
import type { zhCNSupervision } from './zh-CN-supervision.js';
import type { zhCNSupervisionDigest } from './zh-CN-supervision-digest.js';
import type { zhCNComplaints } from './zh-CN-complaints.js';
import type { zhCNSupervisionTender } from './zh-CN-supervision-tender.js';
import type { zhCNTenders } from './zh-CN-tenders.js';

type BaseMessages = Omit<
  Messages,
  | keyof typeof zhCNTenders
  | keyof typeof zhCNPortal
  | keyof typeof zhCNBids
  | keyof typeof zhCNOpening
  | keyof typeof zhCNCustody
  | keyof typeof zhCNExperts
  | keyof typeof zhCNEvaluation
  | keyof typeof zhCNRoles
  | keyof typeof zhCNPages
  | keyof typeof zhCNInstructions
  | keyof typeof zhCNSupervisionTender
  | keyof typeof zhCNSupervision
  | keyof typeof zhCNSupervisionDigest
  | keyof typeof zhCNComplaints
  | keyof typeof zhCNAward
  | keyof typeof zhCNReport
  | keyof typeof zhCNCredit
  | keyof typeof zhCNContract
>;

/** English. Typed with `Messages`: the compiler rejects a missing or an extra key. */
const enBase: BaseMessages = {
  'app.name': 'Yangguang Public Resource Trading',
  'app.footer': 'Yangguang Public Resource Trading · open, fair, impartial',
  'lang.switch': '中文',
  'lang.switchTitle': '切换到简体中文',

  'nav.parties': 'Parties',
  'nav.users': 'Users',
  'nav.myParty': 'My party',
  'nav.tenders': 'Tenders',
  'nav.bids': 'Bids',
  'nav.evaluations': 'My evaluations',
  'nav.supervisedParties': 'Parties',
  'nav.supervision': 'Supervision',
  'nav.custody': 'Key custody',

  'role.admin': 'Administrator',
  'role.tenderee': 'Tenderee',
  'role.agency': 'Tendering agency',
  'role.bidder': 'Bidder',
  'role.expert': 'Evaluation expert',
  'role.supervisor': 'Supervisor',
  'role.custodian': 'Key custodian',

  'kind.tenderee': 'Tenderee',
  'kind.agency': 'Tendering agency',
  'kind.bidder': 'Bidder',
  'kind.intermediary': 'Intermediary',

  'status.pending': 'Pending',
  'status.verified': 'Verified',
  'status.rejected': 'Rejected',

  'common.all': 'All',
  'common.loading': 'Loading…',
  'common.cancel': 'Cancel',
  'common.optional': '{label} (optional)',

  'login.title': 'Sign in',
  'login.username': 'Username',
  'login.password': 'Password',
  'login.submit': 'Sign in',
  'login.submitting': 'Signing in…',
  'login.noAccount': 'No account yet?',
  'login.registerLink': 'Register a party',
  'login.missing': 'Enter your username and password',
  'header.logout': 'Sign out',
  'header.register': 'Register',
  'header.login': 'Sign in',

  'home.welcome': 'Welcome, {name}',
  'home.intro': 'Choose a task from the navigation on the left.',

  'placeholder.body': 'This feature is coming soon.',

  'myParty.title': 'My party',
  'myParty.none': 'This account is not linked to a market party.',

  'parties.title': 'Parties',
  'parties.filterStatus': 'Status',
  'parties.filterKind': 'Kind',
  'parties.filterName': 'Name',
  'parties.filterNamePlaceholder': 'Search by name',
  'parties.search': 'Search',
  'parties.empty': 'No parties match.',
  'parties.loadMore': 'Load more',
  'parties.col.name': 'Name',
  'parties.col.uscc': 'Unified social credit code',
  'parties.col.kind': 'Kind',
  'parties.col.region': 'Region',
  'parties.col.status': 'Status',
  'parties.col.createdAt': 'Submitted',
  'parties.col.actions': 'Actions',
  'parties.approve': 'Approve',
  'parties.reject': 'Reject',
  'parties.approveConfirm': 'Approve the party “{name}”?',
  'parties.rejectTitle': 'Reject “{name}”',
  'parties.rejectReason': 'Reason for rejection',
  'parties.rejectReasonRequired': 'Enter a reason for the rejection (at least 2 characters)',
  'parties.verifiedAt': 'Verified {at}',
  'parties.rejectedBecause': 'Reason: {reason}',
  'parties.decided': 'Done: {name} — {status}',

  'register.title': 'Party registration',
  'register.intro':
    'Once submitted you can sign in to read the notices and your record; certificates, bids and tenders open when the platform has verified your party.',
  'register.partySection': 'Party',
  'register.accountSection': 'Account',
  'register.name': 'Party name',
  'register.uscc': 'Unified social credit code (USCC)',
  'register.usccHint': '18 characters, capital letters',
  'register.kind': 'Kind',
  'register.kindChoose': 'Choose…',
  'register.regionCode': 'Region',
  'register.regionHint': 'Province, city, then district (Tab and the arrow keys work too)',
  'register.contactName': 'Contact name',
  'register.contactPhone': 'Contact phone',
  'register.contactEmail': 'Email',
  'register.address': 'Address',
  'register.username': 'Username',
  'register.usernameHint': '3–32 lower-case letters, digits, _ . or -',
  'register.password': 'Password',
  'register.passwordHint': 'At least 10 characters',
  'register.passwordConfirm': 'Confirm password',
  'register.displayName': 'Your name',
  'register.submit': 'Submit registration',
  'register.submitting': 'Submitting…',
  'register.fixErrors': 'Please correct the marked fields and submit again.',
  'register.successTitle': 'Submitted, awaiting verification',
  'register.successBody':
    'The registration of “{name}” has been submitted. You can sign in as {username} now to follow it; certificates, bids and tenders open once the platform has verified it.',
  'register.backToLogin': 'Back to sign in',
  'register.haveAccount': 'Already registered?',

  'uscc.length': '{n}/18 characters',
  'uscc.charset': 'Invalid character (I, O, Z, S and V are not used)',
  'uscc.checksum': 'The check character does not match; please check the code',
  'uscc.ok': 'Code checks out',

  'field.required': 'Required',
  'field.regionCode': 'Enter a 6-digit region code (first digit 1–8)',
  'field.phone': 'Enter a valid phone number',
  'field.email': 'Enter a valid email address',
  'field.username': 'Use 3–32 lower-case letters, digits, _ . or -',
  'field.passwordLength': 'Use 10 to 200 characters',
  'field.partyName': 'Use 2 to 200 characters',
  'field.passwordMismatch': 'The passwords do not match',

  'error.INVALID_CREDENTIALS': 'Wrong username or password',
  'error.RATE_LIMITED': 'Too many attempts; please wait a moment and try again',
  'error.UNAUTHENTICATED': 'Your session has ended; please sign in again',
  'error.FORBIDDEN': 'You are not allowed to do this',
  'error.NOT_FOUND': 'Not found',
  'error.USCC_TAKEN': 'This unified social credit code is already registered',
  'error.USERNAME_TAKEN': 'This username is taken',
  'error.VALIDATION_FAILED': 'Some fields are invalid; see the marked fields',
  'error.PARTY_ALREADY_DECIDED': 'This party has already been decided; refresh to see it',
  'error.NETWORK': 'Cannot reach the server; check your connection and try again',
  'error.unknown': 'The request failed ({code})',
  'error.requestId': 'Request id: {id}',
};

export const en: Messages = {
  ...enBase,
  ...enTenders,
  ...enPortal,
  ...enBids,
  ...enOpening,
  ...enCustody,
  ...enExperts,
  ...enEvaluation,
  ...enRoles,
  ...enPages,
  ...enInstructions,
  ...enSupervisionTender,
  ...enSupervision,
  ...enSupervisionDigest,
  ...enComplaints,
  ...enAward,
  ...enReport,
  ...enCredit,
  ...enContract,
};
