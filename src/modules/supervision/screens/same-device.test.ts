import { sameDevice } from './same-device.js';
import { screenTable, upload } from './testing.js';

screenTable('same-device', '≥ 2 different bidders upload from one machine (SS Art.40)', sameDevice, [
  {
    name: 'two bidders on one client install are one finding with both uploads',
    facts: { uploads: [upload(1, 1, { machine: ['device:x'] }), upload(2, 2, { machine: ['device:x'] })] },
    expect: [['device:x', 'critical']],
    seqs: [[1, 2]],
  },
  {
    name: 'every bidder on its own machine passes',
    facts: { uploads: [upload(1, 1), upload(2, 2), upload(3, 3)] },
    expect: [],
  },
  {
    name: 'one bidder uploading twice from one machine passes: two uploads, one bidder',
    facts: { uploads: [upload(1, 1, { machine: ['device:x'] }), upload(1, 2, { machine: ['device:x'] })] },
    expect: [],
  },
  {
    name: 'identifiers a pair shares are one finding, named by the first in order',
    facts: {
      uploads: [
        upload(1, 1, { machine: ['mac:aa', 'disk:d1', 'device:a'] }),
        upload(2, 2, { machine: ['mac:aa', 'disk:d1', 'device:b'] }),
      ],
    },
    expect: [['disk:d1', 'critical']],
  },
  {
    name: 'a third bidder sharing one identifier of the pair makes a second set of bidders',
    facts: {
      uploads: [
        upload(1, 1, { machine: ['mac:aa', 'disk:d1'] }),
        upload(2, 2, { machine: ['mac:aa', 'disk:d1'] }),
        upload(3, 3, { machine: ['mac:aa'] }),
      ],
    },
    expect: [
      ['disk:d1', 'critical'],
      ['mac:aa', 'critical'],
    ],
    seqs: [
      [1, 2],
      [1, 2, 3],
    ],
  },
  {
    name: 'clients that report no identifier pass',
    facts: { uploads: [upload(1, 1, { machine: [] }), upload(2, 2, { machine: [] })] },
    expect: [],
  },
]);
