import { screenTable, upload } from './testing.js';
import { uploadCluster } from './upload-cluster.js';

screenTable('upload-cluster', 'bids of ≥ 2 bidders uploaded within N seconds of each other', uploadCluster, [
  {
    name: 'two bidders exactly 60 s apart are a cluster (the boundary is inside)',
    facts: { uploads: [upload(1, 1, { seconds: 0 }), upload(2, 2, { seconds: 60 })] },
    expect: [['upload:1', 'info']],
    seqs: [[1, 2]],
  },
  {
    name: 'two bidders 60.001 s apart are not',
    facts: { uploads: [upload(1, 1, { seconds: 0 }), upload(2, 2, { seconds: 60.001 })] },
    expect: [],
  },
  {
    name: 'one bidder uploading twice within seconds passes',
    facts: { uploads: [upload(1, 1, { seconds: 0 }), upload(1, 2, { seconds: 5, version: 2 })] },
    expect: [],
  },
  {
    name: 'a chain, each within the window of the one before, is one cluster named by its first upload',
    facts: {
      uploads: [upload(3, 7, { seconds: 100 }), upload(1, 5, { seconds: 0 }), upload(2, 6, { seconds: 50 })],
    },
    expect: [['upload:5', 'info']],
    seqs: [[5, 6, 7]],
  },
  {
    name: 'the window is a setting: 120 s apart cluster under a 120 s window',
    facts: { uploads: [upload(1, 1, { seconds: 0 }), upload(2, 2, { seconds: 120 })] },
    settings: { uploadClusterSeconds: 120 },
    expect: [['upload:1', 'info']],
  },
  {
    name: 'uploads hours apart pass',
    facts: { uploads: [upload(1, 1), upload(2, 2), upload(3, 3)] },
    expect: [],
  },
]);
