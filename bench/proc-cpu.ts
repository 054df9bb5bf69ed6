import { readFileSync } from 'node:fs';

/**
 * CPU seconds (user + system) from a Linux /proc stat file: `/proc/<pid>/stat` for a process (every thread),
 * `/proc/thread-self/stat` for the calling thread. Steadier than wall time on a shared machine. The fields
 * after the command's closing parenthesis: utime and stime are the 12th and 13th, in clock ticks (USER_HZ,
 * 100 on Linux).
 */
export function procCpuSeconds(statPath: string): number {
  const fields = readFileSync(statPath, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
