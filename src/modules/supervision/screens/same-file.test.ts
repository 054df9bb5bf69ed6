import type { BidFile, FileMetadata, OpenedBidFiles, SectionFilesFacts } from './same-file.js';
import { sameFile } from './same-file.js';
import { RECORD_SEQ, SECTION, bidder, screenTable } from './testing.js';

const hex = (c: string) => c.repeat(64);

/** A file of bidder n: its own content and no metadata unless told. */
const file = (sha256: string, metadata: FileMetadata = {}, size = 1000): BidFile => ({
  index: 0,
  name: '投标文件.pdf',
  size,
  sha256,
  metadata,
});

/** Bidder n's opened bid (upload event 100 + n) with these files. */
const bid = (n: number, ...files: BidFile[]): OpenedBidFiles => ({
  bidId: `bid-${n}`,
  bidder: bidder(n),
  seq: 100 + n,
  files,
});

const facts = (...bids: OpenedBidFiles[]): SectionFilesFacts => ({
  sectionId: SECTION,
  recordSeq: RECORD_SEQ,
  bids,
});

screenTable('same-file', 'identical files, authors or companies across bidders (SS Art.40)', sameFile, [
  {
    name: 'two bidders attach the same file',
    facts: facts(bid(1, file(hex('a'))), bid(2, file(hex('a'))), bid(3, file(hex('c')))),
    expect: [[`${SECTION}:sha256:${hex('a')}`, 'critical']],
    seqs: [[101, 102, RECORD_SEQ]],
  },
  {
    name: 'every bidder with its own files passes',
    facts: facts(bid(1, file(hex('a'))), bid(2, file(hex('b'))), bid(3, file(hex('c')))),
    expect: [],
  },
  {
    name: 'one bidder attaching one file twice passes',
    facts: facts(bid(1, file(hex('a')), file(hex('a'))), bid(2, file(hex('b')))),
    expect: [],
  },
  {
    name: 'empty files are alike without anyone copying: they pass',
    facts: facts(bid(1, file(hex('e'), {}, 0)), bid(2, file(hex('e'), {}, 0))),
    expect: [],
  },
  {
    name: 'a one-byte file shared is a file shared (the boundary above empty)',
    facts: facts(bid(1, file(hex('f'), {}, 1)), bid(2, file(hex('f'), {}, 1))),
    expect: [[`${SECTION}:sha256:${hex('f')}`, 'critical']],
  },
  {
    name: 'one company in the DOCX of two bidders',
    facts: facts(
      bid(1, file(hex('a'), { company: '南宁市某某咨询有限公司' })),
      bid(2, file(hex('b'), { company: '南宁市某某咨询有限公司 ' })),
    ),
    expect: [[`${SECTION}:company:南宁市某某咨询有限公司`, 'warning']],
  },
  {
    name: 'the author of one bid’s file last saved another bidder’s: one person',
    facts: facts(
      bid(1, file(hex('a'), { author: 'Zhang Wei' })),
      bid(2, file(hex('b'), { lastModifiedBy: 'zhang  wei' })),
    ),
    expect: [[`${SECTION}:person:zhang wei`, 'warning']],
  },
  {
    name: 'an author and a company that read alike are different facts: they pass',
    facts: facts(bid(1, file(hex('a'), { author: '王芳' })), bid(2, file(hex('b'), { company: '王芳' }))),
    expect: [],
  },
  {
    name: 'generic values (Administrator, 微软用户) are nobody’s name: they pass',
    facts: facts(
      bid(1, file(hex('a'), { author: 'Administrator', company: '微软用户' })),
      bid(2, file(hex('b'), { author: 'administrator', company: '微软用户' })),
      bid(3, file(hex('c'), { author: '  ', lastModifiedBy: '' })),
    ),
    expect: [],
  },
  {
    name: 'a generic value made specific by the settings is compared',
    facts: facts(
      bid(1, file(hex('a'), { author: 'Administrator' })),
      bid(2, file(hex('b'), { author: 'Administrator' })),
    ),
    settings: { genericMetadataValues: [] },
    expect: [[`${SECTION}:person:administrator`, 'warning']],
  },
  {
    name: 'a bidder’s file names another bidder of the section as its company: mixed bids',
    facts: facts(
      bid(1, file(hex('a'), { company: '投标人2' })),
      bid(2, file(hex('b'))),
      bid(3, file(hex('c'))),
    ),
    expect: [[`${SECTION}:mixed:bid-1>party-2`, 'critical']],
  },
  {
    name: 'a bidder’s file naming the bidder itself passes',
    facts: facts(
      bid(1, file(hex('a'), { company: '投标人1' })),
      bid(2, file(hex('b'), { company: '投标人2' })),
    ),
    expect: [],
  },
  {
    name: 'the same file and the same author: two findings, files first',
    facts: facts(bid(1, file(hex('d'), { author: '李雷' })), bid(2, file(hex('d'), { author: '李雷' }))),
    expect: [
      [`${SECTION}:sha256:${hex('d')}`, 'critical'],
      [`${SECTION}:person:李雷`, 'warning'],
    ],
  },
]);
