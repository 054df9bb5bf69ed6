import { canonicalJson } from '../../../../crypto/canonical-json.js';
import { utf8 } from '../../../../crypto/encoding.js';
import { signWith } from '../../keys/generate.js';
import type { StoredIdentity } from '../../keys/key-store.js';

/**
 * A member's signature over what they submit (docs/domain.md §5): RSA-PSS SHA-256, salt 32, over the
 * payload's canonical JSON — the same text the server verifies — with the member's own non-extractable key.
 */
export async function signPayload(
  identity: StoredIdentity,
  payload: object,
): Promise<{ signature: string; certificateSerial: string }> {
  if (!identity.serial) throw new Error('the key has no certificate yet');
  return {
    signature: await signWith(identity.signKey, utf8(canonicalJson(payload))),
    certificateSerial: identity.serial,
  };
}
