// The sealed-bid format, versions 1 and 2 (SPEC.md): import from here.
export * from './format.js';
export { SealedBidError, type SealedBidErrorCode } from './errors.js';
export {
  webCryptoEngine,
  ChunkAuthenticationError,
  type CryptoEngine,
  type ChunkCipher,
  type IncrementalHash,
} from './engine.js';
export {
  sealBid,
  encryptBody,
  type SealParams,
  type SignFn,
  type CertificateRef,
  type BodyParams,
} from './seal.js';
export { SealedBidReader, type ReaderOptions, type SealedBidSummary } from './reader.js';
export {
  verifySealedBidSignature,
  unwrapShare,
  unwrapBidderKey,
  isShareValid,
  isContentKey,
  recoverContentKey,
  contentKeyFromBidder,
  releasedShareBytes,
  releaseShareV2,
  type ShareToRelease,
  type KeyRecovery,
} from './opening.js';
export {
  checkOpenability,
  makeCustodianKey,
  makeCustodianKeyRegistration,
  custodianKeySigned,
  registrationFailure,
  keyPossessionContext,
  type CustodianKeyRegistration,
  custodianSeed,
  custodianKeyStatement,
  sharesContext,
  type Openability,
  type OpenabilityFailure,
} from './openability.js';
export {
  wrapTo,
  unwrapWith,
  splitKey,
  combineShares,
  keyCheck,
  shareCheck,
  randomContentKey,
  type UnwrapKey,
} from './key-material.js';
export {
  bidPackage,
  bidPackageHead,
  bidPackageSize,
  BidPackageReader,
  BidPackageError,
  bidManifestSchema,
  type BidManifest,
} from './bid-package.js';
export { rechunk, type ByteSource } from './rechunk.js';
