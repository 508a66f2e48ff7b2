import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { storageConfig } from "../config";
import { parseJsonText } from "../http/json-text";
import { keyRing } from "../security/encryption";
import { deriveKeyFrom, type KeyRing } from "../security/key-ring";
import type { ChainPoint } from "./chain-walk";

// The chain's head, anchored outside the database: signed records of where the chain stood (the
// newest event's number and link, how many events led there from the start of the retained history,
// and a digest of them all), appended to a file in the data folder. Someone who can change the
// database but not that folder, and has no SSO_BRIDGE_ENCRYPTION_KEY, can neither remove events up to
// an anchor nor move the head back past it: verification insists the chain passes through the newest
// anchor unchanged. The digest also vouches for events linked with a key that has since been retired.

const KEY_PURPOSE = "audit-anchor";

export type Anchor = {
  seq: number;
  hash: string;
  /** events from the start of the retained history (`fromSeq`, 0 before any retention) to `seq` */
  events: number;
  fromSeq: number;
  digest: string;
  createdAt: Date;
  keyId: string;
  signature: string;
};

export type AnchorBody = Omit<Anchor, "keyId" | "signature">;

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, "64 hexadecimal digits");

/** An anchor as written: one line of an anchor file, and what a webhook that receives anchors is sent. */
export const anchorSchema = z.object({
  seq: z.number().int().nonnegative(),
  hash: hex64,
  events: z.number().int().nonnegative(),
  fromSeq: z.number().int().nonnegative(),
  digest: hex64,
  createdAt: z.iso.datetime().transform((t) => new Date(t)),
  // The key ring's own rule for key ids: an anchor's text never holds markup or quotes.
  keyId: z.string().regex(/^[\w-]{1,32}$/),
  signature: hex64,
});

/** The anchor as written, its fields always in this order, so that every copy of it reads the same. */
export function anchorJson(a: Anchor) {
  return {
    seq: a.seq,
    hash: a.hash,
    events: a.events,
    fromSeq: a.fromSeq,
    digest: a.digest,
    createdAt: a.createdAt.toISOString(),
    keyId: a.keyId,
    signature: a.signature,
  };
}

/** The anchor's line in its file, and the text a chat message quotes for copying back. */
export const anchorText = (a: Anchor): string => JSON.stringify(anchorJson(a));

/** The database whose chain is anchored, and the data folder the anchors live in. */
export type AnchorPlace = { dataDir: string; databaseUrl: string };

/**
 * The anchors of one database: a file per database, so that databases sharing a data folder (a
 * test run, a copy being inspected) do not vouch for each other. The name is taken from where the
 * database is, never from anything stored in it, which someone able to change it could change.
 */
export function anchorFile(place: AnchorPlace = storageConfig()): string {
  const where = databaseIdentity(place.databaseUrl);
  const label = where
    .replace(/^.*[/\\]/, "")
    .replace(/[^\w.-]+/g, "-")
    .slice(0, 40);
  const id = crypto.createHash("sha256").update(where).digest("hex").slice(0, 12);
  return path.join(place.dataDir, "audit-anchors", `${label}-${id}.jsonl`);
}

/** The database without credentials or options: the same for every role and instance that reaches it. */
function databaseIdentity(url: string): string {
  if (url.startsWith("file:")) return path.resolve(url.slice("file:".length).replace(/\?.*$/, ""));
  const u = new URL(url);
  return `postgresql://${u.hostname}:${u.port || "5432"}${u.pathname}`;
}

const signedText = (a: AnchorBody) => JSON.stringify([a.seq, a.hash, a.events, a.fromSeq, a.digest, a.createdAt.toISOString()]);
const mac = (key: Buffer, a: AnchorBody) => crypto.createHmac("sha256", deriveKeyFrom(key, KEY_PURPOSE)).update(signedText(a)).digest();

export function signAnchor(body: AnchorBody, ring: KeyRing = keyRing()): Anchor {
  return { ...body, keyId: ring.active.id, signature: mac(ring.active.key, body).toString("hex") };
}

/**
 * Why an anchor cannot be trusted with this ring, or null when SSO Bridge signed it with a key the ring holds;
 * `source` is where it was read from, named when its signature does not verify.
 */
export function anchorProblem(a: Anchor, ring: KeyRing = keyRing(), source = "the anchor file"): string | null {
  const key = ring.byId.get(a.keyId);
  if (!key) return `was signed with key "${a.keyId}", which SSO_BRIDGE_ENCRYPTION_KEY does not hold: add that key after the first one`;
  const given = Buffer.from(a.signature, "hex");
  const expected = mac(key, a);
  return given.length === expected.length && crypto.timingSafeEqual(given, expected) ? null : `has a signature that does not verify (${source} was altered)`;
}

export type AnchorRead = { ok: true; newest: Anchor | null; file: string } | { ok: false; problem: string; file: string };

/** The newest anchor of this database: the last line of its file (they are only ever appended). */
export function newestAnchor(place: AnchorPlace = storageConfig()): AnchorRead {
  const file = anchorFile(place);
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return { ok: true, newest: null, file };
    throw e;
  }
  const lines = text.split("\n").filter((l) => l.trim() !== "");
  const last = lines.at(-1);
  if (last === undefined) return { ok: true, newest: null, file };
  const json = parseJsonText(last);
  const parsed = json.ok ? anchorSchema.safeParse(json.value) : null;
  if (!parsed?.success) return { ok: false, problem: `the last line of ${file} is not an anchor (the file was altered)`, file };
  return { ok: true, newest: parsed.data, file };
}

/** An anchor as the walk that reached `end` from `fromSeq` saw it, signed with the first key. */
export function anchorAt(end: ChainPoint, fromSeq: number, now: Date, ring: KeyRing = keyRing()): Anchor {
  return signAnchor({ seq: end.seq, hash: end.hash, events: end.events, fromSeq, digest: end.digest, createdAt: now }, ring);
}

/** How a message names an anchor. */
export function describeAnchor(a: Anchor): string {
  return `the audit anchor of ${a.createdAt.toISOString()} (#${a.seq})`;
}

/** How a message names an anchor given from outside (a copy a webhook received). */
export function describeGivenAnchor(a: Anchor): string {
  return `the anchor given, taken ${a.createdAt.toISOString()} at #${a.seq}`;
}

/**
 * The anchor in a copy someone kept: a line of an anchor file, the body a generic webhook received, or a chat message
 * whose code block holds it. Whatever surrounds the outermost braces (a message's words, code fences) is left aside.
 */
export function readAnchorCopy(text: string): { ok: true; anchor: Anchor } | { ok: false; problem: string } {
  const start = text.indexOf("{");
  const end = text.lastIndexOf("}");
  if (start < 0 || end < start) return { ok: false, problem: "holds no audit anchor (no JSON object)" };
  const json = parseJsonText(text.slice(start, end + 1));
  if (!json.ok) return { ok: false, problem: "holds no audit anchor (its braces do not enclose one JSON object: give one anchor, not a whole file of them)" };
  const parsed = anchorSchema.safeParse(json.value);
  if (!parsed.success) return { ok: false, problem: `holds no audit anchor: ${z.prettifyError(parsed.error)}` };
  return { ok: true, anchor: parsed.data };
}
