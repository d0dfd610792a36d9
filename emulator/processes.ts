// Which processes are alive: what makes a login lease void when the process holding it is gone. A
// process is named by its pid, its start time and the boot it belongs to, so a pid the kernel has given
// to another process since (or a reboot) does not keep a dead process's lease alive. On Linux both come
// from /proc; elsewhere only the pid is checked.
import { readFileSync } from 'node:fs';
import type { ProcessRef } from './model.ts';

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Field 22 of /proc/<pid>/stat (starttime, in clock ticks since boot); undefined without /proc or the process. */
function startTimeOf(pid: number): string | undefined {
  const stat = read(`/proc/${pid}/stat`);
  if (stat === undefined) return undefined;
  // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields[19];
}

const procAvailable = read('/proc/self/stat') !== undefined;
const bootId = (read('/proc/sys/kernel/random/boot_id') ?? '').trim();

export function thisProcess(): ProcessRef {
  return { pid: process.pid, started: startTimeOf(process.pid) ?? '', boot: bootId };
}

export function processAlive(p: ProcessRef): boolean {
  if (!Number.isSafeInteger(p.pid) || p.pid <= 0) return false;
  if (procAvailable) return p.boot === bootId && startTimeOf(p.pid) === p.started;
  try {
    process.kill(p.pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists, but belongs to another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
