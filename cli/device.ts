// The device fingerprint recorded with each bid for supervision (X-Client-Device): several bidders
// submitting from one machine is a classic sign of collusion (串通投标). Only SHA-256 hashes of the
// identifiers leave the machine: enough to compare, not enough to recover a MAC or serial number.
// Everything is best effort: what cannot be read (containers, other systems) is simply left out.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { cpus, hostname, networkInterfaces } from 'node:os';
import { CLI_TOOL } from './version.js';

export interface ClientDevice {
  tool: string;
  macHashes?: string[];
  cpuId?: string;
  diskIds?: string[];
  hostnameHash?: string;
  /** The hashed /etc/machine-id: like the browser's persistent device id, random per installation. */
  deviceId?: string;
}

const MAX_IDS = 16;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

function listDir(path: string): string[] {
  try {
    return readdirSync(path);
  } catch {
    return [];
  }
}

export function macHashes(): string[] {
  const macs = new Set<string>();
  for (const addresses of Object.values(networkInterfaces())) {
    for (const a of addresses ?? []) {
      if (!a.internal && a.mac && a.mac !== '00:00:00:00:00:00') macs.add(a.mac.toLowerCase());
    }
  }
  return [...macs].sort().slice(0, MAX_IDS).map(sha256);
}

/** The CPU model and count, with the identifying lines of /proc/cpuinfo where the system has them. */
export function cpuId(): string | undefined {
  const list = cpus();
  const parts = list.length ? [`${list[0]?.model ?? ''}×${list.length}`] : [];
  const info = readText('/proc/cpuinfo') ?? '';
  const wanted =
    /^(vendor_id|cpu family|model|stepping|microcode|Serial|Hardware|CPU implementer|CPU part)\s*:/;
  const lines = new Set(
    info
      .split('\n')
      .filter((l) => wanted.test(l))
      .map((l) => l.replace(/\s+/g, ' ')),
  );
  parts.push(...lines);
  return parts.length ? sha256(parts.join('\n')) : undefined;
}

/** Disk serial numbers from sysfs, else the stable names under /dev/disk/by-id. */
export function diskIds(): string[] {
  const serials = new Set<string>();
  for (const block of listDir('/sys/block')) {
    if (/^(loop|ram|zram|dm-|sr)/.test(block)) continue;
    const serial = readText(`/sys/block/${block}/device/serial`) ?? readText(`/sys/block/${block}/serial`);
    if (serial) serials.add(serial);
  }
  if (serials.size === 0) {
    for (const name of listDir('/dev/disk/by-id')) {
      // Whole disks only: partitions repeat the disk's id with a -partN suffix.
      if (!/-part\d+$/.test(name) && !name.startsWith('dm-')) serials.add(name);
    }
  }
  return [...serials].sort().slice(0, MAX_IDS).map(sha256);
}

export function collectDevice(): ClientDevice {
  const device: ClientDevice = { tool: CLI_TOOL };
  const macs = macHashes();
  if (macs.length) device.macHashes = macs;
  const cpu = cpuId();
  if (cpu) device.cpuId = cpu;
  const disks = diskIds();
  if (disks.length) device.diskIds = disks;
  device.hostnameHash = sha256(hostname());
  const machineId = readText('/etc/machine-id');
  if (machineId) device.deviceId = sha256(machineId);
  return device;
}

/** The header value: base64url of the JSON, which the contract caps at 4 KB. */
export function deviceHeader(device: ClientDevice): string {
  return Buffer.from(JSON.stringify(device)).toString('base64url');
}
