export type { CustodianEntry, DirectoryEntry } from '../modules/directory/index.js';
