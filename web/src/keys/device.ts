/**
 * What the bid upload tells the platform about the client, recorded for supervision (collusion checks:
 * two bidders submitting from one machine). A browser cannot read MAC or disk ids, so it keeps a random
 * id of its own, per browser profile.
 */
const DEVICE_KEY = 'yangguang.deviceId';
export const WEB_TOOL = 'yangguang-web/0.1.0';

export function deviceId(): string {
  let id = localStorage.getItem(DEVICE_KEY);
  if (!id || !/^[\w-]{16,64}$/.test(id)) {
    id = base64url(crypto.getRandomValues(new Uint8Array(16)));
    localStorage.setItem(DEVICE_KEY, id);
  }
  return id;
}

/** The X-Client-Device header: base64url of the JSON. */
export function clientDeviceHeader(): string {
  return base64urlJson({ tool: WEB_TOOL, deviceId: deviceId() });
}

export function base64urlJson(value: unknown): string {
  return base64url(new TextEncoder().encode(JSON.stringify(value)));
}

export function base64url(data: Uint8Array): string {
  let text = '';
  for (const byte of data) text += String.fromCharCode(byte);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
