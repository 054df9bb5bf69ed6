import './styles.css';
import { api, whenSessionLost } from './api.js';
import { mount } from './dom.js';
import { applyToDocument, onLocaleChange } from './i18n/index.js';
import { COMING_SOON, navFor, unavailableFor } from './nav.js';
import { appShell, publicShell } from './pages/layout.js';
import { bidderPage } from './pages/bids/routes.js';
import { myContractsPage } from './pages/contract/mine-page.js';
import { custodyPage } from './pages/custodian/custody-page.js';
import { evaluationPage } from './pages/evaluation/routes.js';
import { expertPage, openExpertPage } from './pages/experts/routes.js';
import { loginPage } from './pages/login.js';
import { noticesPage } from './pages/notices.js';
import { openDataPage } from './pages/open-data.js';
import { expertSanctionsPage } from './pages/expert-sanctions.js';
import { creditPartyPage } from './pages/credit-party.js';
import { creditQueryPage } from './pages/credit-query.js';
import { creditRequestsPage } from './pages/credit-requests.js';
import { openingHallPage } from './pages/opening/hall-page.js';
import { partiesPage } from './pages/parties.js';
import { partyDetailPage } from './pages/party-detail.js';
import { registerPage } from './pages/register.js';
import { supervisionPage } from './pages/supervision/routes.js';
import { complaintsPage, openComplaintsPage } from './pages/complaints/routes.js';
import { comingSoonPage, homePage, myPartyPage, needsVerificationPage } from './pages/simple.js';
import { tenderDetailPage } from './pages/tender-detail.js';
import { tenderEditPage } from './pages/tender-edit.js';
import { tendersPage } from './pages/tenders.js';
import { usersPage } from './pages/users.js';
import { loadRegions } from './regions.js';
import { currentRoute, navigate } from './router.js';
import { currentParty, currentUser, updateParty, updateUser } from './session.js';
import type { User } from './types.js';

const app = document.getElementById('app') as HTMLElement;

/** Pages anyone may open, signed in or not: the public portal (EB Art.9: free access to public information). */
function openPage(path: string, user: User | null, params: URLSearchParams): HTMLElement | null {
  if (path === 'notices') return noticesPage(params);
  if (path === 'open-data') return openDataPage();
  if (path === 'expert-sanctions') return expertSanctionsPage();
  if (path === 'credit') return creditQueryPage(params);
  const credit = /^credit\/([0-9A-Z]{18})$/.exec(path);
  if (credit?.[1]) return creditPartyPage(credit[1]);
  const complaintDecisions = openComplaintsPage(path);
  if (complaintDecisions) return complaintDecisions;
  const expertDraw = openExpertPage(path, user);
  if (expertDraw) return expertDraw;
  const hall = /^tenders\/([\w-]+)\/opening$/.exec(path);
  if (hall?.[1]) return openingHallPage(hall[1]);
  const detail = /^tenders\/([\w-]+)$/.exec(path);
  if (detail?.[1] && detail[1] !== 'new') return tenderDetailPage(detail[1], user, params);
  return null;
}

/** Pages for signed-in users, by path. */
function privatePage(path: string, user: User, params: URLSearchParams): HTMLElement | null {
  if (path === '') return homePage(user);
  // A pending or rejected party's closed pages say why instead (the server would refuse their requests).
  const section = navSection(path, user);
  if (unavailableFor(section, currentParty()) ?? unavailableFor(path, currentParty())) {
    const entry = navFor(user.role).find((item) => item.path === section);
    return needsVerificationPage(entry?.label ?? 'nav.myParty');
  }
  if (path === 'parties') return partiesPage(user, params);
  const party = /^parties\/([\w-]+)$/.exec(path);
  if (party?.[1] && (user.role === 'admin' || user.role === 'supervisor'))
    return partyDetailPage(user, party[1]);
  if (path === 'users' && user.role === 'admin') return usersPage(user, params);
  if (path === 'my-party') return myPartyPage(render);
  if (path === 'tenders') return tendersPage();
  if (path === 'tenders/new') return tenderEditPage(user, null);
  const edit = /^tenders\/([\w-]+)\/edit$/.exec(path);
  if (edit?.[1]) return tenderEditPage(user, edit[1]);
  const bidder = bidderPage(path, user, params);
  if (bidder) return bidder;
  if (path === 'contracts' && user.role === 'bidder') return myContractsPage();
  if (path === 'custody' && user.role === 'custodian') return custodyPage();
  if (path === 'credit-requests' && user.role === 'supervisor') return creditRequestsPage();
  const expert = expertPage(path, user, params);
  if (expert) return expert;
  const evaluation = evaluationPage(path, user);
  if (evaluation) return evaluation;
  const supervision = supervisionPage(path, user, params);
  if (supervision) return supervision;
  const complaints = complaintsPage(path, user, params);
  if (complaints) return complaints;
  const comingSoon = COMING_SOON[path];
  return comingSoon ? comingSoonPage(comingSoon) : null;
}

/** The navigation entry a page belongs to: `tenders/…/edit` under 招标项目, a tender's notice under 交易公告. */
function navSection(path: string, user: User): string {
  if (/^tenders\/[\w-]+\/bid$/.test(path)) return 'bids';
  const section = path.split('/')[0] ?? '';
  const inNav = navFor(user.role).some((item) => item.path === section);
  return inNav || section !== 'tenders' ? section : 'notices';
}

function render(): void {
  // A dialog belongs to the page it was opened on (e.g. the session ended while it was open).
  for (const dialog of document.querySelectorAll('dialog')) dialog.close();
  const { path, params } = currentRoute();
  const user = currentUser();
  if (path === 'register') return mount(app, publicShell(registerPage()));
  if (path === 'login') {
    if (user) return navigate('');
    return mount(app, publicShell(loginPage(params)));
  }
  const open = openPage(path, user, params);
  if (open) return mount(app, user ? appShell(user, navSection(path, user), open) : publicShell(open, true));
  // Visitors land on the notices; a page that needs a login asks for one and comes back.
  if (!user) return path ? navigate('login', { next: path }) : navigate('notices');
  const page = privatePage(path, user, params);
  if (!page) return navigate('');
  mount(app, appShell(user, navSection(path, user), page));
}

/** Re-renders in the new language, keeping what the user has typed into forms. */
function rerenderKeepingInput(): void {
  const typed = new Map<string, string>();
  for (const control of app.querySelectorAll<HTMLInputElement | HTMLSelectElement>(
    'input[name], select[name]',
  )) {
    if (control.value && control.type !== 'file') typed.set(control.name, control.value);
  }
  render();
  for (const control of app.querySelectorAll<HTMLInputElement | HTMLSelectElement>(
    'input[name], select[name]',
  )) {
    const value = typed.get(control.name);
    if (value !== undefined && control.value !== value) {
      control.value = value;
      control.dispatchEvent(new Event('input', { bubbles: true }));
    }
  }
}

whenSessionLost(() => navigate('login', { next: currentRoute().path || undefined }));
onLocaleChange(rerenderKeepingInput);
window.addEventListener('hashchange', render);
applyToDocument();
render();
// The region table is a chunk of its own: fetch it now, so names are there by the time a page shows codes.
loadRegions().catch(() => {}); // pages show the codes themselves without it

// The stored user may be stale (role or name changed): refresh it once per page load.
if (currentUser()) {
  api.me().then(
    ({ user, party }) => {
      const partyChanged = updateParty(party); // verified (or rejected) since the last look
      if (JSON.stringify(user) === JSON.stringify(currentUser()) && !partyChanged) return;
      updateUser(user);
      render();
    },
    () => {}, // a 401 is handled by whenSessionLost
  );
}
