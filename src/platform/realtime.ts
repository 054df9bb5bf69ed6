// The kit lives in realtime/; this file keeps `../platform/realtime.js` imports working.
export * from './realtime/index.js';
