import type { Rule } from '../../../platform/rules/index.js';
import { biddersOf, namesOf, seqsOf, type Finding, type Upload, type UploadFacts } from './finding.js';
import type { ScreenSettings } from './settings.js';

/**
 * upload-cluster: bids of different bidders uploaded within `uploadClusterSeconds` of each other, as if one
 * hand sent them. Uploads are chained in time: each one at most the window after the one before joins its
 * cluster. A cluster with two or more bidders is a finding, named by its first upload, so a cluster that grows
 * with later uploads stays the same finding. Only a hint (bidders crowd the deadline too): info.
 */
export const uploadCluster: Rule<UploadFacts, Finding, Pick<ScreenSettings, 'uploadClusterSeconds'>> = (
  { uploads },
  { uploadClusterSeconds },
) => {
  const windowMs = uploadClusterSeconds * 1000;
  const ordered = [...uploads].sort((a, b) => a.at - b.at || a.seq - b.seq);
  const clusters: Upload[][] = [];
  for (const upload of ordered) {
    const last = clusters.at(-1);
    if (last && upload.at - last.at(-1)!.at <= windowMs) last.push(upload);
    else clusters.push([upload]);
  }
  return clusters
    .filter((cluster) => biddersOf(cluster).length >= 2)
    .map((cluster): Finding => {
      const bidders = biddersOf(cluster);
      const spanSeconds = (cluster.at(-1)!.at - cluster[0]!.at) / 1000;
      return {
        indicator: 'upload-cluster',
        severity: 'info',
        sectionId: null,
        identity: `upload:${cluster[0]!.seq}`,
        summary:
          `${cluster.length} uploads of ${bidders.length} bidders within ${spanSeconds} s ` +
          `(each within ${uploadClusterSeconds} s of the one before): ${namesOf(bidders)}`,
        seqs: seqsOf(cluster.map((u) => u.seq)),
        details: {
          windowSeconds: uploadClusterSeconds,
          from: new Date(cluster[0]!.at).toISOString(),
          to: new Date(cluster.at(-1)!.at).toISOString(),
          bidders,
        },
      };
    });
};
