// The most the emulator reads wherever input enters, so no input can make a program use unbounded time
// or memory. The README's "Limits" lists them; a larger input gets an error that names the limit.
export const LIMITS = {
  /** A command line: piped (line mode), typed or pasted (TUI), in characters. */
  line: 64 * 1024,
  /** A file a command reads (-f, PEM, certificate, CSR, wrapped key, key file), in bytes. */
  inputFile: 4 * 1024 * 1024,
  /** A configuration file (.cfg), the history file, in bytes. */
  configFile: 1024 * 1024,
  /** A recording (replay, record), in bytes. */
  recording: 16 * 1024 * 1024,
  /** One request on the daemon's socket, in bytes: an input file in base64 with room to spare. */
  request: 8 * 1024 * 1024,
  /** One answer from the daemon, in bytes. */
  response: 16 * 1024 * 1024,
} as const;

/** A size for a person: 64 KiB, 4 MiB. */
export function sizeText(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}
