import { signal } from '@preact/signals';
import { render } from 'preact';
import { useEffect } from 'preact/hooks';
import { request, requestFile } from '../../api.js';
import { formatDateTime } from '../../format.js';
import { t, type MessageKey } from '../../i18n/index.js';
import { href } from '../../router.js';
import type { User } from '../../types.js';
import { oneReadAtATime } from '../../one-read-at-a-time.js';
import { isTransient, RoomClient } from './client.js';
import { Card, ErrorNote } from './common.js';
import { KeyGate, readyIdentity } from './key-gate.js';
import { ReportSections, type ReportContent } from './report-sections.js';
import { signPayload } from './signing.js';

type Verdict = 'agree' | 'dissent' | 'deemed-agreeing';
/** GET /evaluations/:id/report (schemas.ts reportView). */
interface ReportView {
  reportId: string;
  state: 'signing' | 'completed' | 'superseded';
  digest: string;
  generatedAt: string;
  signingDeadline: string;
  completedAt: string | null;
  content: ReportContent;
  signatures: {
    memberId: string;
    memberName: string;
    verdict: Verdict | null;
    reasons: string | null;
    signedAt: string | null;
  }[];
  me: { memberId: string; verdict: Verdict | null } | null;
}

const enc = encodeURIComponent;
const MIN_REASONS = 5;
const MAX_REASONS = 2000;
const verdictLabel = (v: Verdict | null) => t(`report.verdict.${v ?? 'none'}` as MessageKey);

/** One page's state: the report, a load or send error, the dissent being written. */
function pageState() {
  return {
    view: signal<ReportView | null>(null),
    error: signal<unknown>(null),
    busy: signal(false),
    dissenting: signal(false),
    reasons: signal(''),
  };
}
type PageState = ReturnType<typeof pageState>;

async function load(s: PageState, evaluationId: string) {
  try {
    s.view.value = await request<ReportView>('GET', `/evaluations/${enc(evaluationId)}/report`);
  } catch (error) {
    s.error.value = error;
  }
}

/** Signs the report's digest with the member's key in this browser (as sheets are signed) and sends it. */
async function signReport(s: PageState, evaluationId: string, agree: boolean) {
  const view = s.view.value;
  const identity = readyIdentity();
  if (!view?.me || !identity) return;
  if (!agree && s.reasons.value.trim().length < MIN_REASONS) {
    s.error.value = new Error(t('report.sign.tooShort'));
    return;
  }
  if (!confirm(t('report.sign.confirm'))) return;
  s.busy.value = true;
  s.error.value = null;
  try {
    const payload = {
      type: 'yangguang.evaluation.report-signature/1',
      evaluationId,
      memberId: view.me.memberId,
      reportId: view.reportId,
      digest: view.digest,
      agree,
      reasons: agree ? null : s.reasons.value,
    };
    await request('POST', `/evaluations/${enc(evaluationId)}/report/signatures`, {
      payload,
      ...(await signPayload(identity, payload)),
    });
    s.dissenting.value = false;
    await load(s, evaluationId);
  } catch (error) {
    s.error.value = error;
  } finally {
    s.busy.value = false;
  }
}

async function downloadPdf(s: PageState, evaluationId: string) {
  try {
    const blob = await requestFile(`/api/v1/evaluations/${enc(evaluationId)}/report.pdf`);
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = `${t('report.title')}-${s.view.value?.content.tender.code ?? ''}.pdf`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  } catch (error) {
    s.error.value = error;
  }
}

function SignPanel({ s, evaluationId, user }: { s: PageState; evaluationId: string; user: User }) {
  const view = s.view.value!;
  if (!view.me) return null;
  if (view.me.verdict)
    return (
      <p class="alert alert-success" role="status" data-testid="report-signed">
        {t('report.sign.done', { verdict: verdictLabel(view.me.verdict) })}
      </p>
    );
  if (view.state !== 'signing') return null;
  const identity = readyIdentity();
  const length = s.reasons.value.trim().length;
  return (
    <Card title={t('report.sign.title')} testId="report-sign">
      <KeyGate user={user} />
      <p>{t('report.sign.help')}</p>
      {identity ? (
        <div class="report-sign-actions">
          <button
            type="button"
            class="btn btn-primary"
            disabled={s.busy.value}
            data-testid="report-agree"
            onClick={() => void signReport(s, evaluationId, true)}
          >
            {t('report.sign.agree')}
          </button>{' '}
          <button
            type="button"
            class="btn"
            disabled={s.busy.value}
            aria-expanded={s.dissenting.value}
            data-testid="report-dissent"
            onClick={() => (s.dissenting.value = !s.dissenting.value)}
          >
            {t('report.sign.dissent')}
          </button>
        </div>
      ) : (
        <p class="muted">{t('report.sign.noKey')}</p>
      )}
      {identity && s.dissenting.value ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void signReport(s, evaluationId, false);
          }}
        >
          <label for="report-reasons">{t('report.sign.reasons')}</label>
          <textarea
            id="report-reasons"
            rows={5}
            maxLength={MAX_REASONS}
            value={s.reasons.value}
            data-testid="report-reasons"
            onInput={(e) => (s.reasons.value = (e.target as HTMLTextAreaElement).value)}
          />
          <p class="hint">
            {length} / {MAX_REASONS}
          </p>
          <button
            type="submit"
            class="btn btn-danger"
            disabled={s.busy.value || length < MIN_REASONS}
            data-testid="report-submit-dissent"
          >
            {t('report.sign.submitDissent')}
          </button>
        </form>
      ) : null}
    </Card>
  );
}

function Signatures({ view }: { view: ReportView }) {
  return (
    <Card title={t('report.signatures')} testId="report-signatures">
      <ul>
        {view.signatures.map((s) => (
          <li key={s.memberId} data-testid="report-signature" data-verdict={s.verdict ?? 'none'}>
            <strong>{s.memberName}</strong>: {verdictLabel(s.verdict)}
            {s.signedAt ? ` · ${formatDateTime(s.signedAt)}` : ''}
            {s.reasons ? <p class="report-reasons">{s.reasons}</p> : null}
          </li>
        ))}
      </ul>
    </Card>
  );
}

/**
 * Keeps the page current while others sign: the evaluation room pushes every step to those who may join it
 * (members, supervisors), and a report step (a signature, a dissent, the deadline's completion) or a
 * re-evaluation reads the report again. So does every (re)join: a signature made between the page's first
 * read and the join, or while the connection was down, is pushed to nobody who was not in the room. A join
 * refused for good (not a member, replaced) ends the following; a timeout or a drop does not. Readers who may
 * not join the room (the tenderee, the agency) keep the page as loaded; its data is the same. Returns the
 * clean-up.
 */
function followSignatures(reload: () => Promise<void>, evaluationId: string): () => void {
  const room = new RoomClient(evaluationId, {
    snapshot: () => void reload(),
    log: (entry) => {
      if (entry.kind.startsWith('report') || entry.kind === 'reopened') void reload();
    },
    connection: () => undefined,
    failed: (error) => {
      if (!isTransient(error)) room.close();
    },
  });
  return () => room.close();
}

/**
 * 评标报告: the report generated when the evaluation concluded, for its members (who sign or dissent here),
 * the tender's tenderee and agency, and supervisors (who read it and download the PDF).
 */
function ReportPage({ evaluationId, user, s }: { evaluationId: string; user: User; s: PageState }) {
  useEffect(() => {
    const reload = oneReadAtATime(() => load(s, evaluationId));
    void reload();
    return followSignatures(reload, evaluationId);
  }, [evaluationId]);
  const view = s.view.value;
  return (
    <section
      class="evaluation-room report-page"
      style={{ overflowWrap: 'anywhere' }}
      data-testid="report-page"
      data-state={view?.state ?? 'loading'}
    >
      <p>
        <a href={href(`evaluations/${evaluationId}`)}>{t('report.back')}</a>
      </p>
      <h1>{t('report.title')}</h1>
      <ErrorNote error={s.error.value} testId="report-error" />
      {!view ? (
        <p class="muted">{s.error.value ? t('report.none') : t('common.loading')}</p>
      ) : (
        <>
          <p>
            <strong>
              {view.content.tender.title} · {view.content.tender.sectionName}
            </strong>
          </p>
          <p data-testid="report-state">
            <span class="badge">{t(`report.state.${view.state}` as MessageKey)}</span>{' '}
            <span class="muted">{t('report.generated', { at: formatDateTime(view.generatedAt) })}</span>
          </p>
          <p class="muted">
            {view.completedAt
              ? t('report.completedAt', { at: formatDateTime(view.completedAt) })
              : t('report.deadline', { at: formatDateTime(view.signingDeadline) })}
          </p>
          <p class="muted">
            {t('report.digest')}:{' '}
            <span class="mono report-digest" style={{ overflowWrap: 'anywhere' }}>
              {view.digest}
            </span>
          </p>
          <p>
            <button
              type="button"
              class="btn"
              data-testid="report-pdf"
              onClick={() => void downloadPdf(s, evaluationId)}
            >
              {t('report.pdf')}
            </button>
          </p>
          <SignPanel s={s} evaluationId={evaluationId} user={user} />
          <ReportSections c={view.content} />
          <Signatures view={view} />
        </>
      )}
    </section>
  );
}

export function evaluationReportPage(evaluationId: string, user: User): HTMLElement {
  const root = document.createElement('div');
  render(<ReportPage evaluationId={evaluationId} user={user} s={pageState()} />, root);
  const leave = () => {
    window.removeEventListener('hashchange', leave);
    render(null, root);
  };
  window.addEventListener('hashchange', leave);
  return root;
}
