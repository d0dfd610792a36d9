// Reading the files a command names and writing the files it makes, with the errors a user can read;
// and listing directories for the completion of file arguments.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
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
    writeFileSync(path, data);
    return undefined;
  } catch (e) {
    return `cannot write file ${path}: ${systemMessage(e)}`;
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
