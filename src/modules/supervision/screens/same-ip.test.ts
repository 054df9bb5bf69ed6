import { sameIp } from './same-ip.js';
import { bidder, screenTable, upload } from './testing.js';

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

const use = (n: number, seq: number, ip: string) => ({ seq, bidder: bidder(n), ip });

screenTable('same-ip', '≥ 2 different bidders download or decrypt from one network address', sameIp, [
  {
    name: 'two bidders downloaded the documents from one address',
    facts: { uploads: [], downloads: [use(1, 5, '10.1.1.1'), use(2, 6, '10.1.1.1'), use(1, 7, '10.1.1.1')] },
    expect: [['download:10.1.1.1', 'warning']],
    seqs: [[5, 6, 7]],
  },
  {
    name: 'one bidder downloading twice from one address passes',
    facts: { uploads: [], downloads: [use(1, 5, '10.1.1.1'), use(1, 6, '10.1.1.1'), use(2, 7, '10.1.1.2')] },
    expect: [],
  },
  {
    name: 'two bidders decrypted their bids from one address',
    facts: { uploads: [], decryptions: [use(1, 8, '10.2.2.2'), use(2, 9, '10.2.2.2')] },
    expect: [['decrypt:10.2.2.2', 'warning']],
  },
  {
    name: 'an upload and a download from one address by two bidders are different steps: they pass',
    facts: { uploads: [upload(1, 1, { ip: '10.3.3.3' })], downloads: [use(2, 5, '10.3.3.3')] },
    expect: [],
  },
  {
    name: 'uploads, downloads and decryptions each shared: one finding each, in that order',
    facts: {
      uploads: [upload(1, 1, { ip: '10.4.4.4' }), upload(2, 2, { ip: '10.4.4.4' })],
      downloads: [use(1, 5, '10.4.4.4'), use(2, 6, '10.4.4.4')],
      decryptions: [use(1, 8, '10.4.4.4'), use(2, 9, '10.4.4.4')],
    },
    expect: [
      ['10.4.4.4', 'warning'],
      ['download:10.4.4.4', 'warning'],
      ['decrypt:10.4.4.4', 'warning'],
    ],
  },
]);
