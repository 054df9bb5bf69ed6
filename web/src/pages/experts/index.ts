// The expert pool and draw pages, loaded on demand: they bring the pure draw core (expert-pool/) for the
// in-browser verification, which most visitors never need.
export { drawPage } from './draw-page.js';
export { drawRequestPage } from './draw-request.js';
export { drawsPage } from './draws-page.js';
export { inboxPage } from './inbox-page.js';
export { poolPage } from './pool-page.js';
export { profilePage } from './profile-page.js';
