// Splits a stream of text into lines with a bound on a line's length: each chunk is scanned once (a line
// that arrives in many chunks costs linear time), and a line over the limit is dropped as it grows, so a
// stream without newlines holds at most `limit` characters. With `crEndsLine` a CR ends a line too, and
// CR LF counts once (as readline reads a terminal in raw mode, where Enter sends CR).
export class LineSplitter {
  private parts: string[] = [];
  private length = 0;
  private overLimit = false;
  private afterCr = false;

  constructor(
    private readonly limit: number,
    private readonly onLine: (line: string) => void,
    /** Called once for a line that grows past the limit; the rest of it, up to its newline, is dropped. */
    private readonly onTooLong: () => void,
    private readonly crEndsLine = false,
  ) {}

  push(chunk: string): void {
    let start = 0;
    if (this.afterCr && chunk.startsWith('\n')) start = 1;
    this.afterCr = false;
    for (;;) {
      const nl = this.nextEnd(chunk, start);
      const piece = nl < 0 ? chunk.slice(start) : chunk.slice(start, nl);
      this.add(piece);
      if (nl < 0) return;
      this.finishLine();
      start = nl + 1;
      if (chunk[nl] === '\r') {
        if (start === chunk.length) this.afterCr = true;
        else if (chunk[start] === '\n') start++;
      }
    }
  }

  private nextEnd(chunk: string, from: number): number {
    const nl = chunk.indexOf('\n', from);
    if (!this.crEndsLine) return nl;
    const cr = chunk.indexOf('\r', from);
    return cr < 0 ? nl : nl < 0 ? cr : Math.min(cr, nl);
  }

  /** End of input: a last line without a newline still counts. */
  end(): void {
    if (this.length > 0 || this.overLimit) this.finishLine();
  }

  private add(piece: string): void {
    if (piece.length === 0) return;
    this.length += piece.length;
    if (this.overLimit) return;
    if (this.length > this.limit) {
      this.overLimit = true;
      this.parts = [];
      this.onTooLong();
      return;
    }
    this.parts.push(piece);
  }

  private finishLine(): void {
    const line = this.parts.join('');
    const dropped = this.overLimit;
    this.parts = [];
    this.length = 0;
    this.overLimit = false;
    if (!dropped) this.onLine(line);
  }
}
