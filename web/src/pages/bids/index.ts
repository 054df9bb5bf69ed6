// The bidder's pages, loaded on demand: they bring node-forge and the sealed-bid code, which nobody
// else needs to download.
export { bidPage } from './bid-page.js';
export { certificatePage } from './certificate-page.js';
export { myBidsPage } from './my-bids.js';
