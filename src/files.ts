// Reading the files a command names and writing the files it makes, with the errors a user can read;
// and listing directories for the completion of file arguments.
import { closeSync, fchmodSync, fstatSync, ftruncateSync, openSync, readdirSync, readSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { FileLister } from '../grammar/complete.ts';
import { type CommandSpec, inputFileArgs, type ParsedCommand } from '../grammar/spec.ts';
import { LIMITS, sizeText } from './limits.ts';

type ReadResult = { bytes: Uint8Array } | { error: string };

/**
 * A file's contents, at most `limit` bytes: a larger file (or a device that never ends, /dev/zero) is
 * refused without reading more than the limit.
 */
export function readBounded(path: string, limit: number): ReadResult {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    return { error: `cannot open file ${path}: ${systemMessage(e)}` };
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) return { error: `cannot open file ${path}: Is a directory` };
    const tooLarge = { error: `cannot read file ${path}: larger than ${sizeText(limit)}, the most this tool reads` };
    if (stat.isFile() && stat.size > limit) return tooLarge;
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.alloc(Math.min(64 * 1024, limit + 1 - total));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (total > limit) return tooLarge;
    }
    return { bytes: Buffer.concat(chunks) };
  } catch (e) {
    return { error: `cannot read file ${path}: ${systemMessage(e)}` };
  } finally {
    closeSync(fd);
  }
}

/** The contents of the files a command reads, by argument name; or the first that cannot be read. */
export function readInputFiles(spec: CommandSpec, args: ParsedCommand['args']): { files: Record<string, Uint8Array> } | { path: string; error: string } {
  const files: Record<string, Uint8Array> = {};
  for (const a of inputFileArgs(spec)) {
    const path = args[a.name];
    if (typeof path !== 'string') continue;
    const read = readInput(path);
    if ('error' in read) return { path, error: read.error };
    files[a.name] = read.bytes;
  }
  return { files };
}

/** A file a command reads (-f, PEM, certificate, wrapped key): at most LIMITS.inputFile bytes. */
export function readInput(path: string): ReadResult {
  return readBounded(path, LIMITS.inputFile);
}

/** A configuration file's text (at most LIMITS.configFile bytes), or undefined when it cannot be read. */
export function readConfigText(path: string): string | undefined {
  const read = readBounded(path, LIMITS.configFile);
  return 'bytes' in read ? Buffer.from(read.bytes).toString('utf8') : undefined;
}

/**
 * Writes a file a command makes, owner-only whatever the umask: exported keys, wrapped keys, signatures,
 * certificates. A regular file that was there with wider permissions is narrowed; a device
 * (`-out /dev/stdout`) is written as it is.
 */
export function writeOutput(path: string, data: string | Uint8Array): string | undefined {
  let fd: number | undefined;
  try {
    fd = openOutput(path);
    const stat = fstatSync(fd);
    if (stat.isFile() && (stat.mode & 0o077) !== 0) fchmodSync(fd, 0o600);
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    if (!stat.isFile()) writeFileSync(fd, bytes);
    else {
      for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at, at);
      ftruncateSync(fd, bytes.length);
    }
    return undefined;
  } catch (e) {
    return `cannot write file ${path}: ${systemMessage(e)}`;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Opens a file to write, over the old one in place when there is one: opening an existing file with
 * O_TRUNC makes ext4 flush it at close (auto_da_alloc), about 1 ms, most of a `sign -out` in line mode;
 * writing over it and cutting it to length does not. Otherwise a new file, owner-only.
 */
function openOutput(path: string): number {
  try {
    return openSync(path, 'r+');
  } catch {
    return openSync(path, 'w', 0o600);
  }
}

function systemMessage(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'No such file or directory';
    case 'EACCES':
      return 'Permission denied';
    case 'EISDIR':
      return 'Is a directory';
    case 'ENOTDIR':
      return 'Not a directory';
    default:
      return (e as Error).message;
  }
}

/** Lists a directory of the file system (relative to the working directory); nothing when it cannot be read. */
export const listDirectory: FileLister = (dir) => {
  const path = dir === '' ? '.' : dir;
  try {
    return readdirSync(path, { withFileTypes: true }).map((d) => ({ name: d.name, isDir: d.isDirectory() || (d.isSymbolicLink() && isDirectory(join(path, d.name))) }));
  } catch {
    return [];
  }
};

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
