import './styles.css';
import { api, whenSessionLost } from './api.js';
import { mount } from './dom.js';
import { applyToDocument, onLocaleChange } from './i18n/index.js';
import { COMING_SOON } from './nav.js';
import { appShell, publicShell } from './pages/layout.js';
import { loginPage } from './pages/login.js';
import { partiesPage } from './pages/parties.js';
import { registerPage } from './pages/register.js';
import { comingSoonPage, homePage, myPartyPage } from './pages/simple.js';
import { currentRoute, navigate } from './router.js';
import { currentUser, updateUser } from './session.js';
import type { User } from './types.js';

const app = document.getElementById('app') as HTMLElement;

/** Pages for signed-in users, by path. */
function privatePage(path: string, user: User, params: URLSearchParams): HTMLElement | null {
  if (path === '') return homePage(user);
  if (path === 'parties') return partiesPage(user, params);
  if (path === 'my-party') return myPartyPage();
  const comingSoon = COMING_SOON[path];
  return comingSoon ? comingSoonPage(comingSoon) : null;
}

function render(): void {
  const { path, params } = currentRoute();
  const user = currentUser();
  if (path === 'register') return mount(app, publicShell(registerPage()));
  if (path === 'login') {
    if (user) return navigate('');
    return mount(app, publicShell(loginPage(params)));
  }
  if (!user) return navigate('login', { next: path || undefined });
  const page = privatePage(path, user, params);
  if (!page) return navigate('');
  mount(app, appShell(user, path, page));
}

/** Re-renders in the new language, keeping what the user has typed into forms. */
function rerenderKeepingInput(): void {
  const typed = new Map<string, string>();
  for (const control of app.querySelectorAll<HTMLInputElement | HTMLSelectElement>(
    'input[name], select[name]',
  )) {
    if (control.value) typed.set(control.name, control.value);
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

// The stored user may be stale (role or name changed): refresh it once per page load.
if (currentUser()) {
  api.me().then(
    ({ user }) => {
      if (JSON.stringify(user) === JSON.stringify(currentUser())) return;
      updateUser(user);
      render();
    },
    () => {}, // a 401 is handled by whenSessionLost
  );
}
