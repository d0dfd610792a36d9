// A problem with a recording, at a line of it (1-based): reported as `file:line: message`.
export class RecordingError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}
