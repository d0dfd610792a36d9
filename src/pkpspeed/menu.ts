// pkpspeed's menu as data: the vendor's tests first, with their letters and follow-up questions as AWS
// documents pkpspeed_blocking, then this emulator's own tests, marked as such. Each test turns its
// answers into the work a throughput run repeats (work.ts).
import { PKPSPEED_MENU_END, PKPSPEED_QUESTIONS, type QuestionPrompt } from '../prompts.ts';
import { CURVE, type KeySpec, type KeyUse, SIGN_MECHANISM, type Work } from './work.ts';

/** A question and how its answer is read: a value, or why the answer does not do. */
export interface Question<T> {
  readonly prompt: QuestionPrompt;
  /** The command-line flag that answers it ahead (this emulator's own flags). */
  readonly flag?: string;
  read(answer: string): { readonly value: T } | { readonly invalid: string };
}

function whole(min: number, max: number, what: string): (answer: string) => { value: number } | { invalid: string } {
  return (answer) => {
    const n = /^\d+$/.test(answer.trim()) ? Number(answer.trim()) : NaN;
    return Number.isSafeInteger(n) && n >= min && n <= max ? { value: n } : { invalid: `Error: invalid ${what} '${answer}': enter a number from ${min} to ${max}` };
  };
}

function oneOf<T>(choices: Readonly<Record<string, T>>, what: string): (answer: string) => { value: T } | { invalid: string } {
  return (answer) => {
    const key = Object.keys(choices).find((c) => c.toLowerCase() === answer.trim().toLowerCase());
    return key !== undefined ? { value: choices[key]! } : { invalid: `Error: invalid ${what} '${answer}': enter ${Object.keys(choices).join(', ')}` };
  };
}

const yesNo = oneOf({ y: true, n: false }, 'answer');

/** What each question's answer reads as. */
interface Answers {
  threads: number;
  seconds: number;
  modSize: number;
  rsaOperation: 'sign' | 'verify';
  tokenKey: boolean;
  staticKey: boolean;
  /** Bytes. */
  keySize: number;
  packetSize: number;
  curve: number;
  keyType: KeySpec;
}

export type QuestionName = keyof Answers;

/** Every question pkpspeed asks, by name. */
export const questions: { readonly [N in QuestionName]: Question<Answers[N]> } = {
  threads: { prompt: PKPSPEED_QUESTIONS.threads, flag: '--threads', read: whole(1, 400, 'number of threads') },
  seconds: { prompt: PKPSPEED_QUESTIONS.seconds, flag: '--time', read: whole(1, 600, 'time') },
  modSize: { prompt: PKPSPEED_QUESTIONS.modSize, flag: '--mod-size', read: oneOf({ 2048: 2048, 3072: 3072 }, 'mod size') },
  rsaOperation: { prompt: PKPSPEED_QUESTIONS.rsaOperation, read: oneOf<'sign' | 'verify'>({ A: 'sign', B: 'verify' }, 'RSA operation') },
  tokenKey: { prompt: PKPSPEED_QUESTIONS.tokenKey, flag: '--token', read: yesNo },
  staticKey: { prompt: PKPSPEED_QUESTIONS.staticKey, flag: '--static', read: yesNo },
  keySize: { prompt: PKPSPEED_QUESTIONS.keySize, flag: '--key-size', read: oneOf({ 128: 16, 192: 24, 256: 32 }, 'key size') },
  packetSize: { prompt: PKPSPEED_QUESTIONS.packetSize, flag: '--packet', read: whole(1, 16200, 'packet size') },
  curve: {
    prompt: PKPSPEED_QUESTIONS.curve,
    flag: '--curve',
    read: oneOf({ P256: CURVE.P256, P384: CURVE.P384, secp256k1: CURVE.SECP256K1 }, 'curve'),
  },
  keyType: {
    prompt: PKPSPEED_QUESTIONS.keyType,
    flag: '--key-type',
    read: oneOf<KeySpec>(
      { AES256: { kind: 'secret', keyType: 31, bytes: 32 }, RSA2048: { kind: 'rsa', modulusBits: 2048 }, P256: { kind: 'ec', curveId: CURVE.P256 } },
      'key type',
    ),
  },
};

/** Asks a question by name (a flag's value or the user's answer, already checked); null at end of input. */
export type Ask = <N extends QuestionName>(name: N) => Promise<Answers[N] | null>;

/** The unified pkpspeed build asks "B"locking or "N"on-blocking first; the emulator runs both alike. */
export type Build = 'blocking' | 'unified';

export interface TestChoice {
  readonly work: Work;
  readonly keys: KeyUse;
  readonly title: string;
}

export interface MenuTest {
  readonly letter: string;
  readonly name: string;
  readonly origin: 'vendor' | 'emulator';
  /** Asks the test's questions; null when input ended on the way. */
  choose(ask: Ask, build: Build): Promise<TestChoice | null>;
}

/** RSA data length as the non-blocking build prints it: the PKCS#1 v1.5 maximum, modulus bytes - 11. */
const rsaDataBytes = (modulusBits: number): number => modulusBits / 8 - 11;

function rsaTest(letter: string, name: string): MenuTest {
  return {
    letter,
    name,
    origin: 'vendor',
    async choose(ask, build) {
      // The unified build asks for the operation first and has no token question (vendor scripts).
      const operation = build === 'unified' ? await ask('rsaOperation') : 'sign';
      if (operation === null) return null;
      const modulusBits = await ask('modSize');
      if (modulusBits === null) return null;
      const token = build === 'unified' ? false : await ask('tokenKey');
      if (token === null) return null;
      // What "static key" means is not published (UNCONFIRMED): here one token key made before the test and
      // shared by every thread; otherwise each thread makes its own (a token or a session key, as answered).
      const shared = await ask('staticKey');
      if (shared === null) return null;
      return {
        work: { kind: operation, key: { kind: 'rsa', modulusBits }, mechanism: SIGN_MECHANISM.SHA256_RSA_PKCS, messageBytes: rsaDataBytes(modulusBits) },
        keys: shared ? { kind: 'static' } : { kind: 'per-thread', token },
        title: `${name}, ${modulusBits}-bit modulus, SHA256_RSA_PKCS ${operation}`,
      };
    },
  };
}

function encryptionTest(letter: string, name: string, mechanism: 'AES_CBC_PAD' | 'AES_GCM' | 'DES3_CBC_PAD'): MenuTest {
  return {
    letter,
    name,
    origin: 'vendor',
    async choose(ask) {
      const bytes = mechanism === 'DES3_CBC_PAD' ? 24 : await ask('keySize');
      if (bytes === null) return null;
      const packetBytes = await ask('packetSize');
      if (packetBytes === null) return null;
      const key: KeySpec = { kind: 'secret', keyType: mechanism === 'DES3_CBC_PAD' ? 21 : 31, bytes };
      const cipher = mechanism === 'DES3_CBC_PAD' ? '3DES-CBC' : `AES-${bytes * 8}-${mechanism === 'AES_GCM' ? 'GCM' : 'CBC'}`;
      return { work: { kind: 'encrypt', key, mechanism, packetBytes }, keys: { kind: 'per-thread', token: false }, title: `${cipher} encrypt, ${packetBytes}-byte packets` };
    },
  };
}

function randomTest(letter: string, name: string): MenuTest {
  return {
    letter,
    name,
    origin: 'vendor',
    choose: async () => ({ work: { kind: 'random', bytes: 32 }, keys: { kind: 'per-thread', token: false }, title: `${name}, 32 bytes` }),
  };
}

/** The menu, in order: the vendor's letters as AWS shows them, then the emulator's own. */
export const MENU: readonly MenuTest[] = [
  rsaTest('A', 'RSA non-CRT'),
  rsaTest('B', 'RSA CRT'),
  encryptionTest('C', 'Basic 3DES CBC', 'DES3_CBC_PAD'),
  encryptionTest('D', 'Basic AES', 'AES_CBC_PAD'),
  randomTest('H', 'FIPS Random'),
  randomTest('I', 'Random'),
  encryptionTest('K', 'AES GCM ', 'AES_GCM'),
  {
    letter: 'P',
    name: 'ECDSA (emulator)',
    origin: 'emulator',
    async choose(ask) {
      const curveId = await ask('curve');
      if (curveId === null) return null;
      const [name, mechanism] = curveId === CURVE.P384 ? ['P-384', SIGN_MECHANISM.ECDSA_SHA384] : [curveId === CURVE.P256 ? 'P-256' : 'secp256k1', SIGN_MECHANISM.ECDSA_SHA256];
      return {
        work: { kind: 'sign', key: { kind: 'ec', curveId }, mechanism, messageBytes: 32 },
        keys: { kind: 'per-thread', token: false },
        title: `ECDSA ${name} sign (${mechanism === SIGN_MECHANISM.ECDSA_SHA384 ? 'ECDSA_SHA384' : 'ECDSA_SHA256'})`,
      };
    },
  },
  {
    letter: 'T',
    name: 'Ed25519 (emulator)',
    origin: 'emulator',
    choose: async () => ({
      work: { kind: 'sign', key: { kind: 'ec', curveId: CURVE.ED25519 }, mechanism: SIGN_MECHANISM.EDDSA, messageBytes: 32 },
      keys: { kind: 'per-thread', token: false },
      title: 'Ed25519 sign (EDDSA)',
    }),
  },
  {
    letter: 'M',
    name: 'HMAC-SHA256 (emulator)',
    origin: 'emulator',
    async choose(ask) {
      const packetBytes = await ask('packetSize');
      if (packetBytes === null) return null;
      return {
        work: { kind: 'hmac', key: { kind: 'secret', keyType: 16, bytes: 32 }, packetBytes },
        keys: { kind: 'per-thread', token: false },
        title: `HMAC-SHA256, ${packetBytes}-byte packets`,
      };
    },
  },
  {
    letter: 'L',
    name: 'Key generation (emulator)',
    origin: 'emulator',
    async choose(ask) {
      const key = await ask('keyType');
      if (key === null) return null;
      const token = await ask('tokenKey');
      if (token === null) return null;
      const what = key.kind === 'secret' ? 'AES-256' : key.kind === 'rsa' ? 'RSA-2048' : 'EC P-256';
      return { work: { kind: 'generate', key, token }, keys: { kind: 'per-thread', token }, title: `${what} ${token ? 'token' : 'session'} key generation` };
    },
  },
];

export const EXIT_LETTER = 'X';

export function testByLetter(letter: string): MenuTest | undefined {
  return MENU.find((t) => t.letter === letter.trim().toUpperCase());
}

/** `RSA non-CRT------------------->A`: 32 characters, `>` in column 31. */
const item = (name: string, letter: string, width: number): string => `${name.padEnd(width, '-')}>${letter}`;

/** The menu as pkpspeed_blocking prints it (the blank lines included), with the emulator's block after. */
export function menuLines(): string[] {
  const vendor = MENU.filter((t) => t.origin === 'vendor').map((t) => item(t.name, t.letter, 30));
  const ours = MENU.filter((t) => t.origin === 'emulator').map((t) => item(t.name, t.letter, 30));
  // The last line is what the replayer waits for before a letter (prompts.ts).
  return ['', '', 'Please select the test you want to run', '', ...vendor, '', "This emulator's own tests (not in the vendor's tool):", ...ours, '', PKPSPEED_MENU_END];
}
