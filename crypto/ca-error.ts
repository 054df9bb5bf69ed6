// The one error type of the platform CA, with a stable code the server maps to an HTTP answer.

export type CaErrorCode =
  | 'CSR_INVALID' // not a CSR, or its signature does not prove possession of the key
  | 'CSR_KEY_TOO_SMALL' // the CSR's RSA modulus is under 2048 bits
  | 'KEY_TOO_SMALL' // the same for a public key given directly
  | 'SUBJECT_INVALID' // the party data cannot go into a certificate subject
  | 'SERIAL_INVALID' // not a positive DER integer of at most 20 bytes, in hex
  | 'CA_KEY_MISMATCH' // the CA private key does not belong to the CA certificate
  | 'CA_NOT_CURRENT'; // the CA certificate has expired, or is not yet valid, at issuance time

export class CaError extends Error {
  constructor(
    public readonly code: CaErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CaError';
  }
}
