// The public API of crypto/: import from here, not from the files behind it.
export { canonicalJson } from './canonical-json.js';
export { toHex, fromHex, toBase64, fromBase64, utf8, sha256Hex } from './encoding.js';
export {
  GENESIS_HASH,
  chainHash,
  verifyChain,
  type ChainEntry,
  type ChainBreak,
  type ChainVerdict,
} from './hash-chain.js';
export { pemToDer, derToPem, pemLabel } from './pem.js';
export { toPkcs8Pem, toSpkiPem } from './keys.js';
export { signPss, signPssWith, importSigningKey, verifyPss } from './signatures.js';
export {
  CaError,
  createRootCertificate,
  issueCertificate,
  issueCertificateForKey,
  randomSerialHex,
  certificateInfo,
  verifyCertificate,
  createCsr,
  parseCsr,
  MIN_RSA_BITS,
  type CaErrorCode,
  type CertificateUsage,
  type IssueOptions,
  type SubjectInfo,
  type CertificateInfo,
  type CertificateCheck,
  type CertificateProblem,
  type ParsedCsr,
} from './ca.js';
export * as sealedBid from './sealed-bid/index.js';
export {
  signBidReceipt,
  verifyBidReceipt,
  bidReceiptSchema,
  signedBidReceiptSchema,
  type BidReceipt,
  type SignedBidReceipt,
} from './receipt.js';
