import { z } from 'zod';
import { ROLES } from '../../platform/auth/roles.js';
import { defineRoute, type AnyRoute } from '../../platform/http/route.js';
import type { PlatformKeys } from '../../platform/keys/platform-keys.js';
import {
  certificateView,
  curveKeyRegistration,
  curveKeyView,
  issueBody,
  revokeBody,
  serialParams,
  verifyBody,
  verifyResult,
} from './schemas.js';
import type { CertificatesService } from './service.js';

export function certificateRoutes(certificates: CertificatesService, keys: PlatformKeys): AnyRoute[] {
  return [
    defineRoute({
      method: 'post',
      path: '/custodian-keys',
      summary:
        "Register (or replace) your sealed-bid format 2 key (P-256) for your active certificate: signed with the certificate's key, proven with the new key over your user id",
      tags: ['certificates'],
      access: ['custodian'],
      body: curveKeyRegistration,
      status: 201,
      response: curveKeyView,
      errors: {
        422: 'VALIDATION_FAILED | CERTIFICATE_NOT_ACTIVE | CUSTODIAN_KEY_UNSIGNED | KEY_POSSESSION_INVALID',
      },
      handler: ({ ctx, body }) => certificates.curveKeys.register(ctx, body),
    }),
    defineRoute({
      method: 'get',
      path: '/custodian-keys/own',
      summary: 'Your sealed-bid format 2 key for your active certificate, or null',
      tags: ['certificates'],
      access: ['custodian'],
      response: z.object({ key: curveKeyView.nullable() }),
      handler: async ({ actor }) => ({ key: await certificates.curveKeys.own(actor!.userId) }),
    }),
    defineRoute({
      method: 'get',
      path: '/ca',
      summary: "The platform CA's root certificate and the platform signing certificate (PEM)",
      tags: ['certificates'],
      access: 'public',
      response: z.object({ rootCertificatePem: z.string(), platformSigningCertificatePem: z.string() }),
      handler: async () => ({
        rootCertificatePem: keys.rootCertPem,
        platformSigningCertificatePem: keys.signer.certPem,
      }),
    }),
    defineRoute({
      method: 'post',
      path: '/certificates',
      summary: 'Issue a certificate from a CSR made on your own machine (the private key never leaves it)',
      tags: ['certificates'],
      access: ROLES,
      body: issueBody,
      status: 201,
      response: certificateView,
      errors: { 409: 'PARTY_NOT_VERIFIED', 422: 'VALIDATION_FAILED | CSR_INVALID | CSR_KEY_TOO_SMALL' },
      handler: async ({ ctx, body, res }) => {
        const cert = await certificates.issue(ctx, body.csrPem);
        res.location(`/api/v1/certificates/${cert.serial}`);
        return cert;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/certificates',
      summary: 'Your certificates',
      tags: ['certificates'],
      access: 'authenticated',
      response: z.object({ items: z.array(certificateView) }),
      handler: async ({ ctx }) => ({ items: await certificates.listOwn(ctx) }),
    }),
    defineRoute({
      method: 'get',
      path: '/certificates/:serial',
      summary: 'One certificate and its revocation status (certificates are public)',
      tags: ['certificates'],
      access: 'public',
      params: serialParams,
      response: certificateView,
      errors: { 404: 'NOT_FOUND' },
      handler: ({ params }) => certificates.get(params.serial),
    }),
    defineRoute({
      method: 'post',
      path: '/certificates/:serial/revocation',
      summary: 'Revoke a certificate (its holder or an admin)',
      tags: ['certificates'],
      access: 'authenticated',
      params: serialParams,
      body: revokeBody,
      response: certificateView,
      errors: { 404: 'NOT_FOUND', 409: 'CERT_ALREADY_REVOKED' },
      handler: ({ ctx, params, body }) => certificates.revoke(ctx, params.serial, body.reason),
    }),
    defineRoute({
      method: 'post',
      path: '/certificates/verification',
      summary: 'Check a certificate: chain to the platform root, validity at a time, revocation',
      tags: ['certificates'],
      access: 'public',
      readOnly: true,
      body: verifyBody,
      response: verifyResult,
      handler: ({ body }) =>
        certificates.verify(body.certificatePem, body.at ? new Date(body.at) : undefined),
    }),
  ];
}
