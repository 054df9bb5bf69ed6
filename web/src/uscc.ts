// The same GB 32100 check the server applies, so the form and the API never disagree.
export { isValidUscc, usccCheckCharacter } from '../../src/platform/china/uscc.js';
