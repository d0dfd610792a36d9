// Runtime schemas as data. One declaration of an operation's input or result gives three things: its
// TypeScript type (Infer<>), the codec that checks it where JSON comes in (the daemon's socket: unknown
// keys, missing fields and wrong types are refused, bytes travel as base64) and the text that documents
// it (describe()). Types are inferred from the schemas, not the reverse, because the checks must exist at
// run time anyway and a TypeScript type cannot produce them.

export class SchemaError extends Error {
  constructor(
    readonly path: string,
    problem: string,
  ) {
    super(`${path || 'value'}: ${problem}`);
  }
}

export abstract class Schema<T> {
  /** The TypeScript type the schema describes (never set: read it with Infer<>). */
  declare readonly type: T;
  /** Checks JSON as parsed and gives the value; throws SchemaError naming the first problem. */
  abstract decode(json: unknown, path?: string): T;
  /** The JSON form of a value (bytes as base64, absent optional fields left out). */
  abstract encode(value: T): unknown;
  /** The type as the protocol reference writes it. */
  abstract describe(): string;
}

export type Infer<S> = S extends Schema<infer T> ? T : never;

class Primitive<T> extends Schema<T> {
  constructor(
    private readonly name: string,
    private readonly accepts: (json: unknown) => boolean,
  ) {
    super();
  }
  decode(json: unknown, path = ''): T {
    if (!this.accepts(json)) throw new SchemaError(path, `expected ${this.name}, got ${shown(json)}`);
    return json as T;
  }
  encode(value: T): unknown {
    return value;
  }
  describe(): string {
    return this.name;
  }
}

class Bytes extends Schema<Uint8Array> {
  decode(json: unknown, path = ''): Uint8Array {
    if (typeof json !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(json)) throw new SchemaError(path, `expected base64 bytes, got ${shown(json)}`);
    return Buffer.from(json, 'base64');
  }
  encode(value: Uint8Array): unknown {
    return Buffer.from(value).toString('base64');
  }
  describe(): string {
    return 'bytes (base64)';
  }
}

class Nothing extends Schema<undefined> {
  decode(json: unknown, path = ''): undefined {
    if (json !== undefined) throw new SchemaError(path, `expected nothing, got ${shown(json)}`);
    return undefined;
  }
  encode(): unknown {
    return undefined;
  }
  describe(): string {
    return 'nothing';
  }
}

/** A field that may be left out of an object. */
export class Optional<T> extends Schema<T | undefined> {
  readonly isOptional = true;
  constructor(readonly inner: Schema<T>) {
    super();
  }
  decode(json: unknown, path = ''): T | undefined {
    return json === undefined ? undefined : this.inner.decode(json, path);
  }
  encode(value: T | undefined): unknown {
    return value === undefined ? undefined : this.inner.encode(value);
  }
  describe(): string {
    return this.inner.describe();
  }
}

/** Any JSON: what an envelope carries before the part it names is decoded with its own schema. */
class AnyJson extends Schema<unknown> {
  decode(json: unknown): unknown {
    return json;
  }
  encode(value: unknown): unknown {
    return value;
  }
  describe(): string {
    return 'JSON';
  }
}

class ArrayOf<T> extends Schema<readonly T[]> {
  constructor(private readonly item: Schema<T>) {
    super();
  }
  decode(json: unknown, path = ''): readonly T[] {
    if (!Array.isArray(json)) throw new SchemaError(path, `expected an array, got ${shown(json)}`);
    return json.map((v, i) => this.item.decode(v, `${path}[${i}]`));
  }
  encode(value: readonly T[]): unknown {
    return value.map((v) => this.item.encode(v));
  }
  describe(): string {
    return `${this.item.describe()}[]`;
  }
}

type Shape = { readonly [key: string]: Schema<unknown> };
type OptionalKeys<S extends Shape> = { [K in keyof S]: S[K] extends Optional<unknown> ? K : never }[keyof S];
type Expand<T> = T extends infer O ? { [K in keyof O]: O[K] } : never;
export type ObjectType<S extends Shape> = Expand<
  { readonly [K in Exclude<keyof S, OptionalKeys<S>>]: Infer<S[K]> } & { readonly [K in OptionalKeys<S>]?: S[K] extends Optional<infer U> ? U : never }
>;

/** An object with exactly these fields: a key the schema does not name is refused. */
export class ObjectOf<S extends Shape> extends Schema<ObjectType<S>> {
  constructor(readonly shape: S) {
    super();
  }
  decode(json: unknown, path = ''): ObjectType<S> {
    if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new SchemaError(path, `expected an object, got ${shown(json)}`);
    const record = json as Record<string, unknown>;
    for (const key of Object.keys(record)) if (!(key in this.shape)) throw new SchemaError(join(path, key), 'unknown field');
    const out: Record<string, unknown> = {};
    for (const [key, schema] of Object.entries(this.shape)) {
      const value = schema.decode(record[key], join(path, key));
      if (value !== undefined) out[key] = value;
    }
    return out as ObjectType<S>;
  }
  encode(value: ObjectType<S>): unknown {
    const record = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [key, schema] of Object.entries(this.shape)) {
      const encoded = schema.encode(record[key]);
      if (encoded !== undefined) out[key] = encoded;
    }
    return out;
  }
  describe(): string {
    const fields = Object.entries(this.shape).map(([key, schema]) => `${key}${schema instanceof Optional ? '?' : ''}: ${schema.describe()}`);
    return fields.length === 0 ? '{}' : `{ ${fields.join('; ')} }`;
  }
}

/** One of several shapes: the first that decodes wins (give each variant a literal tag to keep them apart). */
class OneOf<T> extends Schema<T> {
  constructor(private readonly variants: readonly Schema<T>[]) {
    super();
  }
  decode(json: unknown, path = ''): T {
    const problems: string[] = [];
    for (const v of this.variants) {
      try {
        return v.decode(json, path);
      } catch (e) {
        if (!(e instanceof SchemaError)) throw e;
        problems.push(e.message);
      }
    }
    throw new SchemaError(path, `matches none of its forms (${problems.join(' | ')})`);
  }
  encode(value: T): unknown {
    for (const v of this.variants) {
      try {
        // The variant that takes the value back is the one it belongs to (another may fail on it in any way).
        const json = v.encode(value);
        v.decode(json);
        return json;
      } catch {
        // not this form
      }
    }
    throw new SchemaError('', 'the value matches none of the forms');
  }
  describe(): string {
    return this.variants.map((v) => v.describe()).join(' | ');
  }
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** A short description of a JSON value for an error: containers by kind (never serialized: they may nest deeply). */
function shown(json: unknown): string {
  if (json === undefined) return 'nothing';
  if (Array.isArray(json)) return `an array of ${json.length}`;
  if (typeof json === 'object' && json !== null) return 'an object';
  const text = JSON.stringify(json);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

export const s = {
  string: (): Schema<string> => new Primitive('string', (j) => typeof j === 'string'),
  int: (): Schema<number> => new Primitive('int', (j) => Number.isSafeInteger(j)),
  boolean: (): Schema<boolean> => new Primitive('boolean', (j) => typeof j === 'boolean'),
  literal: <const L extends string | number | boolean>(value: L): Schema<L> => new Primitive(JSON.stringify(value), (j) => j === value),
  /** One of the listed values (the codes of a code table, the names of the return codes). */
  enum: <const L extends string | number>(values: readonly L[]): Schema<L> =>
    new Primitive(values.map((v) => JSON.stringify(v)).join(' | '), (j) => (values as readonly unknown[]).includes(j)),
  bytes: (): Schema<Uint8Array> => new Bytes(),
  nothing: (): Schema<undefined> => new Nothing(),
  json: (): Schema<unknown> => new AnyJson(),
  optional: <T>(inner: Schema<T>): Optional<T> => new Optional(inner),
  array: <T>(item: Schema<T>): Schema<readonly T[]> => new ArrayOf(item),
  object: <const S extends Shape>(shape: S): ObjectOf<S> => new ObjectOf(shape),
  oneOf: <const V extends readonly Schema<unknown>[]>(...variants: V): Schema<Infer<V[number]>> => new OneOf(variants as readonly Schema<Infer<V[number]>>[]),
};
