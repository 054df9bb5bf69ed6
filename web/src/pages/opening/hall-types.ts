/** The hall's messages as the server sends them: its schemas and socket events (src/contracts). */
export type {
  HallAnswer,
  HallBid,
  HallCalls,
  HallClientEvents,
  HallEvent,
  HallObjection,
  HallProgress,
  HallSection,
  HallServerEvents,
  HallSnapshot,
  HallStep,
} from '../../../../src/contracts/index.js';
