// Certificate subjects built from the platform's own party data, and read back. node-forge keeps
// parsed attribute values as raw bytes but UTF-8-encodes values again when writing, so every
// value crosses this file as a decoded JS string.
import forge from 'node-forge';
import { CaError } from './ca-error.js';

export type SubjectInfo = {
  commonName: string;
  organization?: string;
  /** 统一社会信用代码, the unified social credit code of the party */
  uscc?: string;
  /** administrative region code (行政区划代码) */
  regionCode?: string;
  /** platform role, e.g. bidder or custodian */
  role?: string;
};

const OID = {
  commonName: '2.5.4.3',
  serialNumber: '2.5.4.5', // carries the USCC: X.520 meant it for exactly such registry numbers
  localityName: '2.5.4.7', // carries the region code
  organizationName: '2.5.4.10',
  organizationalUnitName: '2.5.4.11', // carries the role
} as const;

const { UTF8, PRINTABLESTRING, BMPSTRING } = forge.asn1.Type;

// Upper bounds from RFC 5280 Appendix A (ub-common-name, ub-organization-name, ...), in characters.
const MAX_NAME = 64;
// 18 characters from the GB 32100-2015 alphabet (digits and capitals except I, O, S, V, Z).
// The check digit is the parties module's job; here we only make sure it fits a PrintableString.
const USCC_SHAPE = /^[0-9A-HJ-NP-RTUWXY]{18}$/;

export function subjectAttributes(subject: SubjectInfo): forge.pki.CertificateField[] {
  const attributes = [
    // Broadest first, as X.500 names are usually written.
    optional('regionCode', subject.regionCode, OID.localityName, UTF8),
    optional('organization', subject.organization, OID.organizationName, UTF8),
    optional('role', subject.role, OID.organizationalUnitName, UTF8),
    text('commonName', subject.commonName, OID.commonName, UTF8),
  ];
  if (subject.uscc !== undefined) {
    if (!USCC_SHAPE.test(subject.uscc)) {
      throw new CaError('SUBJECT_INVALID', `Not a unified social credit code: "${subject.uscc}"`);
    }
    attributes.push(field(OID.serialNumber, subject.uscc, PRINTABLESTRING));
  }
  return attributes.filter((a): a is forge.pki.CertificateField => a !== undefined);
}

export function subjectInfoFrom(attributes: forge.pki.CertificateField[]): SubjectInfo {
  const find = (oid: string) => {
    const attribute = attributes.find((a) => a.type === oid);
    return attribute ? attributeText(attribute) : undefined;
  };
  const info: SubjectInfo = { commonName: find(OID.commonName) ?? '' };
  const organization = find(OID.organizationName);
  const uscc = find(OID.serialNumber);
  const regionCode = find(OID.localityName);
  const role = find(OID.organizationalUnitName);
  if (organization !== undefined) info.organization = organization;
  if (uscc !== undefined) info.uscc = uscc;
  if (regionCode !== undefined) info.regionCode = regionCode;
  if (role !== undefined) info.role = role;
  return info;
}

/** All attributes as short name (CN, O, ...) or name or OID -> text; for showing a CSR's claims. */
export function attributesRecord(attributes: forge.pki.CertificateField[]): Record<string, string> {
  const record: Record<string, string> = {};
  for (const attribute of attributes) {
    const key = attribute.shortName ?? attribute.name ?? attribute.type ?? '?';
    if (!(key in record)) record[key] = attributeText(attribute);
  }
  return record;
}

/**
 * A parsed certificate's subject as attributes forge will write back byte for byte: the issuer
 * name of an issued certificate must equal the CA's subject exactly, or chain building fails.
 */
export function reusableAttributes(attributes: forge.pki.CertificateField[]): forge.pki.CertificateField[] {
  return attributes.map((a) => {
    const tag = tagOf(a);
    const value = tag === UTF8 ? attributeText(a) : a.value;
    return { type: a.type, value, valueTagClass: a.valueTagClass };
  });
}

export function attributeText(attribute: forge.pki.CertificateField): string {
  const raw = typeof attribute.value === 'string' ? attribute.value : '';
  switch (tagOf(attribute)) {
    case UTF8:
      return forge.util.decodeUtf8(raw);
    case BMPSTRING:
      return decodeUcs2(raw);
    default:
      return raw; // PrintableString, IA5String: ASCII
  }
}

function text(what: string, value: string, oid: string, tag: forge.asn1.Type): forge.pki.CertificateField {
  if (value.trim() === '' || [...value].length > MAX_NAME) {
    throw new CaError('SUBJECT_INVALID', `${what} must have 1 to ${MAX_NAME} characters`);
  }
  return field(oid, value, tag);
}

function optional(what: string, value: string | undefined, oid: string, tag: forge.asn1.Type) {
  return value === undefined ? undefined : text(what, value, oid, tag);
}

function field(oid: string, value: string, tag: forge.asn1.Type): forge.pki.CertificateField {
  // @types/node-forge declares valueTagClass as an asn1.Class; forge actually stores the
  // universal type (UTF8String, PrintableString) there.
  return { type: oid, value, valueTagClass: tag as unknown as forge.asn1.Class };
}

function tagOf(attribute: forge.pki.CertificateField): number | undefined {
  return attribute.valueTagClass as unknown as number | undefined;
}

function decodeUcs2(raw: string): string {
  let out = '';
  for (let i = 0; i + 1 < raw.length; i += 2) {
    out += String.fromCharCode((raw.charCodeAt(i) << 8) | raw.charCodeAt(i + 1));
  }
  return out;
}
