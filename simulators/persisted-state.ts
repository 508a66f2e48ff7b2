import fs from "node:fs";
import path from "node:path";

// The simulated clouds' state kept in a file, so that a demo stopped today and started tomorrow
// finds its Entra tenant, enterprise app, provisioning job, SCIM tokens and IAM Identity Center
// instance as it left them, as the real clouds would. The state is an object graph (maps, sets,
// dates, shared objects, back-references); it is written as JSON with each object once and later
// mentions as references, and read back into the running simulators' own objects, so their
// classes and methods stay theirs. Timers, promises and other live handles are not state: they
// are left out, and what they drove is started again (the provisioning engine's schedules).

const FORMAT = 1;

type Encoded =
  | null
  | boolean
  | number
  | string
  | { $ref: number }
  | { $date: number }
  | { $buffer: string }
  | { $id: number; $map: [Encoded, Encoded][] }
  | { $id: number; $set: Encoded[] }
  | { $id: number; $array: Encoded[] }
  | { $id: number; $object: Record<string, Encoded> };

/** Live handles and foreign objects: not the clouds' state. */
const SKIPPED = Symbol("skipped");
// Keys that would reach an object's prototype when assigned: a request body can carry them, a restore never writes them.
const UNSAFE_KEYS = new Set(["__proto__", "constructor", "prototype"]);

export class StateEncoder {
  private readonly ids = new Map<object, number>();
  /** constructors of objects left out, for tests to check that nothing of the state is among them */
  readonly skipped = new Set<string>();

  constructor(private readonly classes: ReadonlySet<unknown>) {}

  encode(value: unknown): Encoded | typeof SKIPPED {
    if (value === null || typeof value === "boolean" || typeof value === "string") return value;
    if (typeof value === "number") return Number.isFinite(value) ? value : String(value);
    if (typeof value !== "object") return SKIPPED;
    if (value instanceof Date) return { $date: value.getTime() };
    if (Buffer.isBuffer(value)) return { $buffer: value.toString("base64") };
    const known = this.ids.get(value);
    if (known !== undefined) return { $ref: known };
    const proto = Object.getPrototypeOf(value) as object | null;
    const plain = proto === Object.prototype || proto === null;
    if (!plain && !(value instanceof Map) && !(value instanceof Set) && !Array.isArray(value) && !this.classes.has(value.constructor)) {
      this.skipped.add((value.constructor as { name?: string } | undefined)?.name ?? "unknown");
      return SKIPPED;
    }
    const $id = this.ids.size;
    this.ids.set(value, $id);
    const kept = (v: unknown): Encoded => {
      const e = this.encode(v);
      return e === SKIPPED ? null : e;
    };
    if (value instanceof Map) return { $id, $map: [...value].map(([k, v]) => [kept(k), kept(v)]) };
    if (value instanceof Set) return { $id, $set: [...value].map(kept) };
    if (Array.isArray(value)) return { $id, $array: value.map(kept) };
    const $object: Record<string, Encoded> = {};
    for (const [k, v] of Object.entries(value)) {
      if (UNSAFE_KEYS.has(k)) continue;
      const e = this.encode(v);
      if (e !== SKIPPED) $object[k] = e;
    }
    return { $id, $object };
  }
}

class StateDecoder {
  private readonly objects = new Map<number, unknown>();

  /** A new value for the encoded one. */
  decode(e: Encoded): unknown {
    if (e === null || typeof e !== "object") return e;
    if ("$ref" in e) {
      if (!this.objects.has(e.$ref)) throw new Error(`a reference to object ${e.$ref}, which comes later`);
      return this.objects.get(e.$ref);
    }
    if ("$date" in e) return new Date(e.$date);
    if ("$buffer" in e) return Buffer.from(e.$buffer, "base64");
    if ("$map" in e) return this.into(new Map(), e);
    if ("$set" in e) return this.into(new Set(), e);
    if ("$array" in e) return this.into([], e);
    return this.into({}, e);
  }

  /** Fills `target` (a running simulator's own object) with the encoded state, in place. */
  into<T>(target: T, e: Encoded): T {
    if (e === null || typeof e !== "object" || !("$id" in e)) throw new Error("not an object's state");
    this.objects.set(e.$id, target);
    if ("$map" in e && target instanceof Map) {
      target.clear();
      for (const [k, v] of e.$map) target.set(this.decode(k), this.decode(v));
    } else if ("$set" in e && target instanceof Set) {
      target.clear();
      for (const v of e.$set) target.add(this.decode(v));
    } else if ("$array" in e && Array.isArray(target)) {
      target.length = 0;
      for (const v of e.$array) target.push(this.decode(v));
    } else if ("$object" in e && target && typeof target === "object") {
      const fields = target as Record<string, unknown>;
      for (const [k, v] of Object.entries(e.$object)) {
        if (UNSAFE_KEYS.has(k)) continue;
        const current = fields[k];
        // An object of the simulator's own (a class instance, a map held by reference) is kept and filled.
        const sameKind =
          current !== null &&
          typeof current === "object" &&
          v !== null &&
          typeof v === "object" &&
          (("$object" in v && !(current instanceof Map) && !(current instanceof Set) && !Array.isArray(current) && !(current instanceof Date)) ||
            ("$map" in v && current instanceof Map) ||
            ("$set" in v && current instanceof Set) ||
            ("$array" in v && Array.isArray(current)));
        fields[k] = sameKind ? this.into(current, v) : this.decode(v);
      }
    } else {
      throw new Error("the saved state does not fit the simulator's objects");
    }
    return target;
  }
}

/** The roots' state as text. `classes`: the simulators' classes whose instances are state. */
export function encodeState(roots: Record<string, object>, classes: ReadonlySet<unknown>): { text: string; skipped: Set<string> } {
  const encoder = new StateEncoder(classes);
  const encoded = encoder.encode(roots);
  return { text: JSON.stringify({ format: FORMAT, state: encoded }), skipped: encoder.skipped };
}

/** Puts the saved state back into the roots' own objects; throws, naming why, when it does not fit. */
export function restoreState(roots: Record<string, object>, text: string): void {
  const saved = JSON.parse(text) as { format?: unknown; state?: Encoded };
  if (saved.format !== FORMAT) throw new Error(`it was written in format ${String(saved.format)}, and this version reads format ${FORMAT}`);
  new StateDecoder().into(roots, saved.state ?? null);
}

/** Writes the file whole or not at all: a stop halfway through a write leaves the previous state. */
export function writeStateFile(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, text, { mode: 0o600 });
  fs.renameSync(temporary, file);
}
