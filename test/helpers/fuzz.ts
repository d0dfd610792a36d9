// Generators for the fuzz tests (test/fuzz.test.ts): command lines built from the tools' grammar (the
// specs in grammar/, so every command and flag is reached, with values of every kind and of the wrong
// kind), byte-level mutations of seed files, and frames for the daemon's socket. Seeded: a run is
// repeated with FUZZ_SEED.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import fc from 'fast-check';
import type { ArgSpec, CommandSpec } from '../../grammar/spec.ts';

export const CORPUS = join(import.meta.dirname, '..', 'fuzz-corpus');

/** How many inputs a run makes: FUZZ_SCALE times the CI share. */
export const SCALE = Math.max(1, Number(process.env.FUZZ_SCALE ?? 1));
export const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);

/** Words a fuzzed value is made of: ordinary, empty-ish, huge, control characters, other scripts. */
const oddWord = fc.oneof(
  fc.constantFrom('', '-', '--', '0', '-1', '00', '0x10', '1e3', '4294967296', '99999999999999999999999', 'NaN', 'null', '{}', '"', "'", '\\', '%s%n', '$(id)', '../..', 'é', '𝔘', '\u0000', '\u001b[2J', '\r'),
  fc.string({ minLength: 1, maxLength: 12 }).map((s) => s.replace(/[\s]/g, '_')),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 }).map((s) => s.replace(/\s/g, '_')),
  fc.integer({ min: -3, max: 70_000 }).map(String),
);

/** A value of the kind an argument takes (or, sometimes, of another kind). */
function valueFor(arg: ArgSpec, files: readonly string[], handles: readonly number[]): fc.Arbitrary<string> {
  const file = fc.oneof(fc.constantFrom(...files), fc.constantFrom('missing.file', '.', '/dev/zero', '/dev/null'));
  const proper: fc.Arbitrary<string> = (() => {
    switch (arg.value.kind) {
      case 'int':
      case 'code':
        return fc.oneof(fc.integer({ min: -2, max: 40 }).map(String), fc.constantFrom('256', '2048', '3072', '65537', '16', '32'));
      case 'keyHandle':
        return fc.oneof(fc.constantFrom(...handles.map(String)), fc.integer({ min: 0, max: 600_000 }).map(String));
      case 'serverId':
        return fc.integer({ min: -1, max: 4 }).map(String);
      case 'userId':
        return fc.integer({ min: 0, max: 12 }).map(String);
      case 'userIdList':
        return fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 1, maxLength: 4 }).map((ids) => ids.join(','));
      case 'hex':
        return fc.oneof(fc.uint8Array({ maxLength: 20 }).map((b) => Buffer.from(b).toString('hex')), fc.constant('zz'));
      case 'file':
        return arg.value.mode === 'read' ? file : fc.oneof(fc.constantFrom('out.bin', 'out.pem', 'sub/none/out.bin', '/dev/full', '/dev/null'));
      case 'dir':
        return fc.constantFrom('.', 'none', '/dev/null');
      case 'switch':
        return fc.constant('');
      case 'userName':
        return fc.constantFrom('cu1', 'admin', 'app_user', 'nobody', 'CU1');
      case 'password':
        return fc.constantFrom('user1234', 'wrongpass', 'x', 'p'.repeat(40));
      case 'text':
        return fc.constantFrom('label', 'CU', 'CO', 'PRECO', 'y', 'n');
    }
  })();
  return fc.oneof({ weight: 4, arbitrary: proper }, { weight: 1, arbitrary: oddWord });
}

/** One command line of a tool, from its grammar (and, sometimes, no command at all). */
export function commandLine(specs: readonly CommandSpec[], files: readonly string[], handles: readonly number[]): fc.Arbitrary<string> {
  const usable = specs.filter((s) => !['exit', 'quit'].includes(s.name));
  const fromSpec = fc.constantFrom(...usable).chain((spec) =>
    fc
      .tuple(
        fc.oneof({ weight: 9, arbitrary: fc.constant(spec.name) }, { weight: 1, arbitrary: fc.constantFrom(spec.name.toLowerCase(), spec.name.toUpperCase(), spec.name.slice(1), `${spec.name}x`) }),
        fc.tuple(...spec.args.map((a) => fc.option(valueFor(a, files, handles).map((v) => (a.flag ? `${a.flag} ${v}` : v).trim()), { freq: 5 }))),
        fc.option(fc.oneof(oddWord, fc.constantFrom('-h', '-k', '-w', '-f', '-out')), { freq: 4 }),
        fc.boolean(),
      )
      .map(([name, args, extra, shuffle]) => {
        const words = args.filter((a): a is string => a !== null && a !== '');
        if (shuffle) words.reverse();
        return [name, ...words, ...(extra === null ? [] : [extra])].join(' ');
      }),
  );
  const junk = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 80 }).map((s) => s.replace(/\n/g, ' ')),
    fc.constantFrom('', ' ', '\t', '#', '!!', 'help', '-h', 'a'.repeat(70 * 1024), ' '.repeat(3000)),
  );
  return fc.oneof({ weight: 12, arbitrary: fromSpec }, { weight: 1, arbitrary: junk });
}

/** A seed file's bytes, damaged: truncated, bytes flipped, inserted or replaced, a slice repeated. */
export function mutated(seeds: readonly Uint8Array[]): fc.Arbitrary<Uint8Array> {
  return fc
    .tuple(fc.nat({ max: seeds.length - 1 }), fc.nat(), fc.nat(), fc.integer({ min: 0, max: 5 }), fc.uint8Array({ minLength: 1, maxLength: 64 }))
    .map(([which, a, b, how, bytes]) => {
      const seed = Buffer.from(seeds[which]!);
      const at = seed.length === 0 ? 0 : a % seed.length;
      switch (how) {
        case 0:
          return seed.subarray(0, at);
        case 1: {
          const copy = Buffer.from(seed);
          for (let i = 0; i < bytes.length && copy.length > 0; i++) {
            const j = (at + i * ((b % 97) + 1)) % copy.length;
            copy[j] = copy[j]! ^ (bytes[i]! | 1);
          }
          return copy;
        }
        case 2:
          return Buffer.concat([seed.subarray(0, at), bytes, seed.subarray(at)]);
        case 3:
          return Buffer.concat([seed.subarray(0, at), Buffer.from(bytes), seed.subarray(at + bytes.length)]);
        case 4:
          return Buffer.concat([seed, seed.subarray(at, at + (b % 200))]);
        default:
          return Buffer.from(bytes);
      }
    });
}

/** A frame for the daemon's socket: a request of the protocol with odd inputs, any JSON, or bytes. */
export function socketFrame(operations: readonly string[]): fc.Arbitrary<string> {
  const json = fc.jsonValue({ maxDepth: 3 });
  const request = fc.oneof(
    fc.record({ id: fc.oneof(fc.nat(), json), op: fc.constantFrom('hello', 'execute', 'decide', 'loginStatus', 'live', 'nope'), operation: fc.constantFrom(...operations, 'toString', '__proto__', 'constructor'), input: json }, { requiredKeys: [] }),
    fc.record({ id: fc.nat(), op: fc.constant('execute'), operation: fc.constantFrom(...operations), input: fc.dictionary(fc.constantFrom('handle', 'type', 'name', 'password', 'options', 'keyType', 'size', 'message', 'data', 'wrapped', '__proto__'), json) }),
    fc.record({ id: fc.nat(), op: fc.constant('hello'), client: fc.string(), pid: fc.oneof(fc.integer(), json), protocol: fc.oneof(fc.integer(), json) }),
  );
  return fc.oneof(
    { weight: 6, arbitrary: request.map((r) => JSON.stringify(r)) },
    { weight: 2, arbitrary: json.map((v) => JSON.stringify(v) ?? 'null') },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }).map((s) => s.replace(/\n/g, '')) },
    { weight: 1, arbitrary: fc.constantFrom('null', '[]', '{}', '{"id":1}', '{"id":1,"op":"execute"}', '{"__proto__":{"ok":true}}', '"', '{'.repeat(5000), '[1'.repeat(3000)) },
  );
}

/** The files of one corpus folder, by name (sorted: runs repeat). */
export function corpus(folder: string): { name: string; bytes: Buffer }[] {
  const dir = join(CORPUS, folder);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .map((name) => ({ name, bytes: readFileSync(join(dir, name)) }));
}

/** Keeps an input that broke something in the corpus, so every later run tries it first; returns its path. */
export function keepInCorpus(folder: string, bytes: Uint8Array | string, ext: string): string {
  const dir = join(CORPUS, folder);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `found-${createHash('sha256').update(bytes).digest('hex').slice(0, 12)}${ext}`);
  writeFileSync(path, bytes);
  return path;
}

/** What no program may print, whatever its input: a JavaScript stack trace or error type. */
export const CRASH_SIGN = /^\s+at .+:\d+:\d+\)?$|\b(TypeError|RangeError|ReferenceError|SyntaxError|Cannot read properties|is not a function|node:internal)\b|\[ERR_[A-Z_]+\]|code: 'ERR_/m;
