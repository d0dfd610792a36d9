// Shared by the program entry points: bad input never ends in a stack trace.
export function runMain(main: () => Promise<number> | number): void {
  Promise.resolve()
    .then(main)
    .then(
      (code) => exit(code),
      (e: unknown) => {
        process.stderr.write(`${process.argv[1]?.split('/').pop() ?? 'azcloudhsm'}: ${(e as Error)?.message ?? String(e)}\n`);
        exit(2);
      },
    );
}

function exit(code: number): void {
  // Let piped output drain before leaving.
  process.stdout.write('', () => process.exit(code));
}
