// pkpspeed's command line. The vendor's: -s <CU user name> -p <password> (AWS), -pname <partition>
// (vendor test scripts), in any order. This emulator's own: a flag per menu question, so a run can be
// scripted without piping answers; each flag answers its question as a typed answer would (the prompt is
// still printed, followed by the value), and --test picks the menu letter and ends after that test.
import { type QuestionName, questions, testByLetter } from './menu.ts';

export interface PkpspeedArgs {
  readonly user?: string;
  readonly password?: string;
  /** Answers given ahead, by question, already checked. */
  readonly answers: Partial<Record<QuestionName, string>>;
  /** The menu letter to run, then exit. */
  readonly test?: string;
}

export const USAGE = `Usage: pkpspeed [-s <CU user name>] [-p <password>] [-pname <partition name>] [--home DIR]
This emulator's own flags (each answers its menu question ahead; the rest are asked):
  --threads N            number of threads [1-400]: each is a daemon session of its own
  --time S               seconds to run the test [1-600]
  --test LETTER          the menu letter to run; pkpspeed exits after that test
  --mod-size 2048|3072   RSA tests (A, B)
  --token y|n            RSA tests, key generation (L): token keys (journaled) or session keys
  --static y|n           RSA tests: one key for every thread, or one per thread
  --key-size 128|192|256 AES tests (D, K)
  --packet N             bytes per operation [1-16200] (C, D, K, M)
  --curve P256|P384|secp256k1          ECDSA (P)
  --key-type AES256|RSA2048|P256       key generation (L)
Without -s/-p the user name and password are asked. The figures are this host's throughput through the
emulator's azcloudhsm_client daemon, not an HSM's.`;

const flagOf = new Map<string, QuestionName>(
  Object.keys(questions)
    .filter((name): name is QuestionName => name in questions)
    .flatMap((name) => {
      const flag = questions[name].flag;
      return flag ? [[flag, name] as const] : [];
    }),
);

/** The options, or a usage error (one line, then USAGE). */
export function parseArgs(argv: readonly string[]): { args: PkpspeedArgs } | { help: true } | { error: string } {
  let user: string | undefined;
  let password: string | undefined;
  let test: string | undefined;
  const answers: Partial<Record<QuestionName, string>> = {};
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    if (flag === '-h' || flag === '--help') return { help: true };
    const value = argv[i + 1];
    if (value === undefined) return { error: `${flag}: a value is missing` };
    i++;
    if (flag === '-s') user = value;
    else if (flag === '-p') password = value;
    else if (flag === '-pname') {
      // An Azure Cloud HSM node has one partition.
      if (value.toUpperCase() !== 'PARTITION_1') return { error: `-pname ${value}: no such partition (this HSM has PARTITION_1)` };
    } else if (flag === '--test') {
      if (!testByLetter(value) || value.trim().length !== 1) return { error: `--test ${value}: no such test letter` };
      test = value.trim().toUpperCase();
    } else {
      const name = flagOf.get(flag);
      if (!name) return { error: `${flag}: unknown option` };
      const read = questions[name].read(value);
      if ('invalid' in read) return { error: `${flag} ${value}: ${read.invalid.replace(/^Error: /, '')}` };
      answers[name] = value;
    }
  }
  return { args: { ...(user !== undefined ? { user } : {}), ...(password !== undefined ? { password } : {}), answers, ...(test ? { test } : {}) } };
}
