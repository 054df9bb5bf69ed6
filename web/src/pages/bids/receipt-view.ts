/**
 * The receipt (确认回执, EB Art.27) as the bidder sees it: its fields, its signature checked here in the
 * browser against the platform signing certificate, whether it names the very file sealed on this device,
 * and a JSON download to keep (it verifies offline, e.g. with the CLI's verify-receipt).
 */
import { verifyBidReceipt } from '../../../../crypto/receipt.js';
import { bidsApi, type SignedBidReceipt } from '../../bids-api.js';
import { h, mount } from '../../dom.js';
import { formatBytes, formatDateTime } from '../../format.js';
import { t, type MessageKey } from '../../i18n/index.js';

/** What this device knows about the file it uploaded, to hold the receipt against. */
export interface LocalFile {
  sha256: string | null;
  size: number;
}

/** What the receipt refers to, by name: the signed receipt itself carries only codes and ids. */
export interface ReceiptNames {
  tenderTitle: string;
  sectionName: string;
}

export function receiptCard(signed: SignedBidReceipt, local?: LocalFile, names?: ReceiptNames): HTMLElement {
  const r = signed.receipt;
  // Names and Beijing time for the reader; ids and the ISO time stay in the JSON download, which is what verifies.
  const rows: [MessageKey, string, string?][] = [
    ['receipt.tender', names ? `${names.tenderTitle}（${r.tender.code}）` : r.tender.code, 'receipt-tender'],
    ['receipt.section', names?.sectionName ?? r.section.code, 'receipt-section'],
    ['receipt.version', String(r.bidVersion), 'receipt-version'],
    ['receipt.bidder', `${r.bidder.name} (${r.bidder.uscc})`],
    ['receipt.sha256', r.ciphertextSha256, 'receipt-sha256'],
    ['receipt.size', `${formatBytes(r.size)} (${r.size} B)`],
    ['receipt.receivedAt', formatDateTime(r.receivedAt), 'receipt-received-at'],
    ['receipt.platformCertificate', r.platformCertificate],
  ];
  const verdict = h('div', {
    class: 'receipt-verdict',
    'data-testid': 'receipt-verdict',
    'aria-live': 'polite',
  });
  mount(verdict, h('span', { class: 'muted' }, t('receipt.verifying')));
  void verify(signed, local).then((result) => mount(verdict, result));
  return h(
    'section',
    { class: 'card receipt', 'data-testid': 'receipt', 'data-bid-id': r.bidId },
    h('h2', {}, t('receipt.title')),
    h(
      'dl',
      { class: 'details' },
      rows.flatMap(([label, value, testId]) => [
        h('dt', {}, t(label)),
        h(
          'dd',
          {
            class:
              label === 'receipt.sha256' || label === 'receipt.platformCertificate' ? 'mono hash-full' : null,
            'data-testid': testId,
          },
          value,
        ),
      ]),
    ),
    verdict,
    h(
      'div',
      { class: 'form-actions' },
      h(
        'button',
        { type: 'button', class: 'btn', 'data-testid': 'receipt-download', onclick: () => download(signed) },
        t('receipt.download'),
      ),
    ),
  );
}

async function verify(signed: SignedBidReceipt, local?: LocalFile): Promise<HTMLElement> {
  let signature: { ok: boolean; reason?: string };
  try {
    const { platformSigningCertificatePem } = await bidsApi.ca();
    signature = await verifyBidReceipt(signed, platformSigningCertificatePem);
  } catch (error) {
    signature = { ok: false, reason: String(error) };
  }
  const problems: string[] = [];
  if (!signature.ok) problems.push(t('receipt.badSignature', { reason: signature.reason ?? '' }));
  if (local && local.size !== signed.receipt.size) problems.push(t('receipt.sizeDiffers'));
  if (local?.sha256 && local.sha256 !== signed.receipt.ciphertextSha256)
    problems.push(t('receipt.digestDiffers'));
  if (problems.length > 0) {
    return h(
      'div',
      { class: 'alert alert-error', role: 'alert', 'data-result': 'invalid' },
      problems.join(' '),
    );
  }
  const matched = local?.sha256 ? t('receipt.matchesFile') : '';
  return h(
    'div',
    { class: 'alert alert-success', role: 'status', 'data-result': 'valid' },
    `${t('receipt.valid')} ${matched}`.trim(),
  );
}

function download(signed: SignedBidReceipt): void {
  const r = signed.receipt;
  saveJson(signed, `receipt-${r.tender.code}-${r.section.code}-v${r.bidVersion}.json`);
}

/** Offers a JSON document for download under `name`. */
export function saveJson(value: unknown, name: string): void {
  const blob = new Blob([`${JSON.stringify(value, null, 2)}\n`], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  h('a', { href: url, download: name }).click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
