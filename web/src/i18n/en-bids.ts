import type { zhCNBids } from './zh-CN-bids.js';

/** English for the bidder; typed by the Chinese catalog, so a missing or extra key does not compile. */
export const enBids: Record<keyof typeof zhCNBids, string> = {
  'nav.certificate': 'My certificate',

  'cert.intro':
    'Bids are encrypted in this browser and signed with your private key. The key is made on this device or imported from a PKCS#12 file and kept as a non-extractable key; it is never uploaded.',
  'cert.onDevice': 'Certificate in use on this device',
  'cert.none': 'This device has no bidding key and certificate yet. Generate a key or import a PKCS#12 file.',
  'cert.serial': 'Serial number',
  'cert.validFrom': 'Valid from',
  'cert.validTo': 'Valid until',
  'cert.source': 'Source',
  'cert.source.generated': 'Generated in this browser',
  'cert.source.pkcs12': 'Imported from a PKCS#12 file',
  'cert.revoked':
    'This certificate was revoked at {at} and cannot sign bids. Generate a new key or import a valid certificate.',
  'cert.pending': 'A key was generated but its certificate request did not finish.',
  'cert.retry': 'Request again',
  'cert.generateTitle': 'Generate a key and request a certificate',
  'cert.generateBody':
    'Makes an RSA-{bits} key pair in this browser and sends a certificate signing request (CSR) to the platform CA. Bids signed with an older certificate stay valid, but new bids use the new one.',
  'cert.generate': 'Generate key and request certificate',
  'cert.generating': 'Generating an RSA-{bits} key…',
  'cert.requesting': 'Requesting the certificate from the platform CA…',
  'cert.issued': 'The certificate was issued and saved on this device.',
  'cert.importTitle': 'Import a PKCS#12 file',
  'cert.importBody':
    'Import the certificate and private key the platform issued to you (.p12 / .pfx, e.g. exported by the bidder tool).',
  'cert.p12File': 'PKCS#12 file',
  'cert.p12Password': 'File password',
  'cert.import': 'Import',
  'cert.imported': 'The certificate was imported and saved on this device.',
  'cert.all': 'Certificates the platform issued to you',
  'cert.noneIssued': 'No certificates yet.',
  'cert.revokedBadge': 'Revoked',
  'cert.thisDevice': 'This device',

  'bid.open': 'Submit a bid',
  'bid.title': 'Submit a bid',
  'bid.deadline': 'Bid deadline: {at} (the platform server’s clock decides)',
  'bid.noKey': 'This device has no bidding certificate yet. Generate a key or import a certificate first:',
  'bid.section': 'Section',
  'bid.replaces':
    'You submitted version {version} for this section; submitting again replaces it, and the newest version counts.',
  'bid.formFields': 'Bid form',
  'bid.yuan': 'yuan',
  'bid.review.title': 'Check your bid',
  'bid.review.intro':
    'Once sealed and uploaded, nobody (you included) can read or change the bid before the opening. Check every item.',
  'bid.review.confirm': 'Correct: seal and submit',
  'bid.review.back': 'Back to the form',
  'bid.review.noFiles': 'No attachments',
  'bid.review.noDeposit': 'Not given',
  'bid.review.aboveMax':
    'The price is above the section’s maximum price of {max}. The committee will reject the bid (SS Art.51).',
  'bid.review.acknowledge': 'I understand; submit it anyway',
  'bid.review.acknowledgeFirst':
    'The price is above the maximum: tick “I understand; submit it anyway” first.',
  'bid.integerNegative': 'Enter a whole number of 0 or more',
  'bid.integerInvalid': 'Enter a whole number',
  'bid.textTooLong': 'At most {max} characters',
  'bid.attachments': 'Attachments',
  'bid.attachmentsHint':
    'Attachments are encrypted in this browser together with the bid form; the platform cannot read them before the opening.',
  'bid.deposit': 'Account the bid deposit was paid from (optional)',
  'bid.deposit.bank': 'Bank',
  'bid.deposit.accountName': 'Account name',
  'bid.deposit.accountNumber': 'Account number',
  'bid.depositHint': 'Used to check where the deposit came from; only supervisors see it.',
  'bid.depositIncomplete': 'Fill in the whole account, or leave all three empty',
  'bid.sealNote':
    'Signed with this device’s certificate {serial} and encrypted to this tender’s key custodians; neither the platform nor anyone else can decrypt it before the opening.',
  'bid.sealAndSubmit': 'Encrypt and submit',
  'bid.sealing': 'Encrypting',
  'bid.uploading': 'Uploading',
  'bid.retryUpload': 'Retry upload',
  'bid.submitted': 'Your bid was submitted (version {version}).',
  'bid.replaced': 'Your bid was replaced; version {version} now counts.',

  'receipt.title': 'Receipt',
  'receipt.tender': 'Tender',
  'receipt.section': 'Section',
  'receipt.version': 'Version',
  'receipt.bidder': 'Bidder',
  'receipt.sha256': 'Ciphertext SHA-256',
  'receipt.size': 'Size',
  'receipt.receivedAt': 'Received at',
  'receipt.platformCertificate': 'Platform signing certificate fingerprint',
  'receipt.verifying': 'Verifying the receipt signature…',
  'receipt.valid': 'The receipt signature is valid (verified with the platform signing certificate).',
  'receipt.matchesFile': 'Its digest matches the file encrypted on this device.',
  'receipt.badSignature': 'The receipt does not verify: {reason}.',
  'receipt.sizeDiffers': 'The size in the receipt differs from the file encrypted on this device.',
  'receipt.digestDiffers': 'The digest in the receipt differs from the file encrypted on this device.',
  'receipt.download': 'Download receipt (JSON)',

  'bids.title': 'My bids',
  'bids.intro':
    'Bids are encrypted in this browser before upload. Until the deadline you may replace or withdraw them. Bidding certificate:',
  'bids.empty': 'No bids yet. Open a tender from the notices and choose “Submit a bid”.',
  'bids.col.tender': 'Tender',
  'bids.col.section': 'Section',
  'bids.col.status': 'Status',
  'bids.col.version': 'Version',
  'bids.col.at': 'Time',
  'bids.col.size': 'Size',
  'bids.col.actions': 'Actions',
  'bids.receipt': 'Receipt',
  'bids.replace': 'Replace',
  'bids.resubmit': 'Bid again',
  'bids.withdraw': 'Withdraw',
  'bids.withdrawTitle': 'Withdraw this bid?',
  'bids.withdrawBody':
    'A withdrawn bid takes no part in the opening. You may submit again before the deadline.',
  'bids.withdrawn': 'The bid was withdrawn at {at}.',
  'bids.withdrawalReceipt': 'Download the withdrawal receipt',
  'error.BID_ALREADY_WITHDRAWN': 'This bid has already been withdrawn.',
  'error.UPLOAD_INCOMPLETE': 'The upload did not complete (the connection broke); retry the upload.',
  'bid.accountNumber': 'An account number has 4–40 digits, letters, spaces or hyphens',
  'bidStatus.submitted': 'Submitted',
  'bidStatus.withdrawn': 'Withdrawn',

  'error.BID_DEADLINE_PASSED':
    'The bid deadline has passed (by the platform server’s clock): bids can no longer be submitted, replaced or withdrawn.',
  'error.TENDER_NOT_OPEN':
    'This tender does not accept bids now (not published, suspended, cancelled or closed).',
  'error.BID_TOO_LARGE': 'The bid is larger than the platform allows.',
  'error.UNSUPPORTED_MEDIA_TYPE': 'The upload’s content type is not accepted.',
  'error.BID_NOT_SEALED':
    'The file is not encrypted: bids must be sealed with the bidder tool before upload (EB Art.26).',
  'error.BID_MALFORMED':
    'The sealed bid is malformed or damaged (truncated or altered); seal and submit it again.',
  'error.BID_EMPTY': 'The upload is empty.',
  'error.BID_WRONG_TENDER': 'This sealed file belongs to another tender or section.',
  'error.BID_WRONG_BIDDER': 'This sealed file was not sealed for your party.',
  'error.BID_CERTIFICATE_INVALID':
    'The signing certificate is not a valid certificate the platform issued to you (revoked or expired). Check “My certificate”.',
  'error.BID_SIGNATURE_INVALID': 'The bid signature does not verify.',
  'error.BID_CUSTODIANS_MISMATCH':
    'The bid was sealed to other key custodians than this tender’s; reload the page and submit again.',
  'error.BID_THRESHOLD_MISMATCH':
    'The bid was sealed with another threshold than this tender’s; reload the page and submit again.',
  'error.IDEMPOTENCY_KEY_REUSED':
    'This upload id was already used for a different file; seal and submit again.',
  'error.CSR_INVALID': 'The certificate signing request is invalid.',
  'error.CSR_KEY_TOO_SMALL': 'The key is too short.',
  'error.SEAL_NO_CUSTODIANS':
    'This tender’s custodian certificates are incomplete, so bids cannot be sealed yet.',
  'error.SEAL_NO_CERTIFICATE': 'The key on this device has no certificate yet.',
  'error.P12_UNREADABLE': 'This file cannot be read as a PKCS#12 file.',
  'error.P12_PASSWORD': 'Wrong password for the PKCS#12 file.',
  'error.P12_INCOMPLETE': 'The file holds no private key and certificate.',
  'error.P12_MISMATCH': 'The private key in the file does not match its certificate.',
  'error.P12_NOT_YOURS':
    'This certificate is not a valid certificate the platform issued to you (or it was revoked).',
};
