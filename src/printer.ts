// What a tool front end prints through its Console, and the count of commands that failed (line mode
// exits 1 when any did).
import type { Console } from './console.ts';
import type { Output } from './output.ts';

export class Printer {
  failures = 0;

  constructor(readonly console: Console) {}

  print(output: Output): void {
    this.console.print(output);
  }

  /** Prints what went wrong and counts a failure. */
  failed(output: Output): void {
    this.failures++;
    this.print(output);
  }

  /** Counts a failure whose lines are printed with the rest of the command's. */
  countFailure(): void {
    this.failures++;
  }
}
