// The shape of the domain's code tables: the values an HSM command takes or reports (key types,
// mechanisms, curve ids, attribute ids, user and certificate types), each with the vendor's name.
// Entries marked `unconfirmed` are our choice where the public references are silent (see
// ../shared/reference/*.md, "UNCONFIRMED").

export interface CodeEntry<C extends number | string = number | string> {
  /** The value typed on the command line (a number for numeric codes, a word for user types). */
  readonly code: C;
  /** The vendor's constant name, e.g. `AES`, `NID_secp384r1`, `SHA256_RSA_PKCS`. */
  readonly name: string;
  /** A few words for completion menus and help, when the name alone does not say it. */
  readonly meaning?: string;
  readonly unconfirmed?: boolean;
}

export interface CodeTable<E extends CodeEntry = CodeEntry> {
  readonly id: string;
  readonly title: string;
  readonly entries: readonly E[];
}

/** The codes of a table, as a type: `CodeOf<typeof keyTypes>` is 0 | 1 | 3 | 16 | 18 | 21 | 31. */
export type CodeOf<T extends CodeTable> = T['entries'][number]['code'];

/** A table whose codes keep their literal types, so parsed arguments and operation inputs are typed by them. */
export function codeTable<const E extends CodeEntry>(id: string, title: string, entries: readonly E[]): CodeTable<E> {
  return { id, title, entries };
}

export function findEntry<E extends CodeEntry>(t: CodeTable<E>, value: string | number): E | undefined {
  const v = String(value);
  return t.entries.find((e) => String(e.code) === v);
}

/** The vendor's name of a code, or the code itself when the table does not know it. */
export function nameOf(t: CodeTable, code: number | string): string {
  return findEntry(t, code)?.name ?? String(code);
}
