// Reading the files a command names and writing the files it makes, with the errors a user can read;
// and listing directories for the completion of file arguments.
import { closeSync, ftruncateSync, openSync, readdirSync, readFileSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { FileLister } from '../grammar/complete.ts';
import { type CommandSpec, inputFileArgs, type ParsedCommand } from '../grammar/spec.ts';

type ReadResult = { bytes: Uint8Array } | { error: string };

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

export function readInput(path: string): ReadResult {
  try {
    return { bytes: readFileSync(path) };
  } catch (e) {
    return { error: `cannot open file ${path}: ${systemMessage(e)}` };
  }
}

export function writeOutput(path: string, data: string | Uint8Array): string | undefined {
  try {
    overwrite(path, typeof data === 'string' ? Buffer.from(data) : data);
    return undefined;
  } catch (e) {
    return `cannot write file ${path}: ${systemMessage(e)}`;
  }
}

/**
 * Writes a file, over the old one in place when there is one: opening an existing file with O_TRUNC
 * makes ext4 flush it at close (auto_da_alloc), about 1 ms, most of a `sign -out` in line mode; writing
 * over it and cutting it to length does not. A file that cannot be opened so is written the usual way.
 */
function overwrite(path: string, bytes: Uint8Array): void {
  let fd: number;
  try {
    fd = openSync(path, 'r+');
  } catch {
    writeFileSync(path, bytes);
    return;
  }
  try {
    for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at, at);
    ftruncateSync(fd, bytes.length);
  } finally {
    closeSync(fd);
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
