// Shared by the program entry points: bad input never ends in a stack trace.
import { damageText, JournalDamaged } from './damage.ts';
export function runMain(main: () => Promise<number> | number): void {
  Promise.resolve()
    .then(main)
    .then(
      (code) => exit(code),
      (e: unknown) => {
        const message = e instanceof JournalDamaged ? damageText(e) : ((e as Error)?.message ?? String(e));
        process.stderr.write(`${process.argv[1]?.split('/').pop()?.replace(/\.js$/, '') ?? 'azcloudhsm'}: ${message}\n`);
        exit(2);
      },
    );
}

function exit(code: number): void {
  // Let piped output drain before leaving.
  process.stdout.write('', () => process.exit(code));
}
