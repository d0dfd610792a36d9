// Shared by the program entry points: bad input never ends in a stack trace, and neither does a reader
// that goes away (`azcloudhsm_mgmt_util ... | head`).
import { damageText, JournalDamaged } from './damage.ts';
export function runMain(main: () => Promise<number> | number): void {
  quietOnClosedPipe(process.stdout);
  quietOnClosedPipe(process.stderr);
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

/** The exit status of a program killed by SIGPIPE (128 + 13), which is how `yes | head` ends `yes`. */
export const CLOSED_PIPE_STATUS = 141;

/**
 * Writing to a pipe whose reader has gone fails with EPIPE, emitted as an error event: unhandled, Node
 * prints a stack trace. Command-line tools end quietly instead (Node ignores SIGPIPE, so the tool would
 * otherwise not notice).
 */
function quietOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    process.exit(e.code === 'EPIPE' ? CLOSED_PIPE_STATUS : 2);
  });
}

function exit(code: number): void {
  // Let piped output drain before leaving.
  process.stdout.write('', () => process.exit(code));
}
