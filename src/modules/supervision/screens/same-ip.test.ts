import { sameIp } from './same-ip.js';
import { screenTable, upload } from './testing.js';

screenTable('same-ip', '≥ 2 different bidders upload from one network address', sameIp, [
  {
    name: 'two bidders from one address',
    facts: { uploads: [upload(1, 1, { ip: '10.9.9.9' }), upload(2, 2, { ip: '10.9.9.9' }), upload(3, 3)] },
    expect: [['10.9.9.9', 'warning']],
    seqs: [[1, 2]],
  },
  {
    name: 'every bidder from its own address passes',
    facts: { uploads: [upload(1, 1), upload(2, 2), upload(3, 3)] },
    expect: [],
  },
  {
    name: 'one bidder replacing its bid from the same address passes',
    facts: { uploads: [upload(1, 1, { ip: '10.9.9.9' }), upload(1, 2, { ip: '10.9.9.9', version: 2 })] },
    expect: [],
  },
  {
    name: "the platform's own steps are not a client address",
    facts: { uploads: [upload(1, 1, { ip: 'system' }), upload(2, 2, { ip: 'system' })] },
    expect: [],
  },
  {
    name: 'two shared addresses are two findings, in address order',
    facts: {
      uploads: [
        upload(1, 1, { ip: '10.0.0.9' }),
        upload(2, 2, { ip: '10.0.0.9' }),
        upload(3, 3, { ip: '10.0.0.5' }),
        upload(4, 4, { ip: '10.0.0.5' }),
      ],
    },
    expect: [
      ['10.0.0.5', 'warning'],
      ['10.0.0.9', 'warning'],
    ],
  },
]);
