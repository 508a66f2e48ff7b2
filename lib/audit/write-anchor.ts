import fs from "node:fs";
import path from "node:path";
import { queueDeliveries } from "../alerts/deliveries";
import { storageConfig } from "../config";
import { db, type Db } from "../db";
import { errorFields, log } from "../log";
import { anchorFile, anchorText, type Anchor, type AnchorPlace } from "./anchors";

// The one way an anchor is written, whoever writes it (the hourly task, retention, an admin's "Verify the chain",
// `audit anchor`, a key rotation): appended to the database's anchor file, then queued to every enabled webhook that
// receives anchors. Whoever owns the server can delete the file; a copy in a chat channel or a log collector stays.
// The file comes first and stands on its own: an anchor whose deliveries could not be queued is still an anchor, and
// the failure goes to the server log.

/** Writes the anchor and queues its deliveries; returns how many webhooks it was queued to, or null when queueing failed. */
export async function writeAnchor(anchor: Anchor, client: Db = db(), place: AnchorPlace = storageConfig()): Promise<number | null> {
  appendToFile(anchor, place);
  try {
    return await client.$transaction((tx) => queueDeliveries(tx, { event: "anchor", anchor }, anchor.createdAt));
  } catch (e) {
    log("warn", "audit anchor written to the data folder but not queued for the webhooks that receive anchors", {
      seq: anchor.seq,
      file: anchorFile(place),
      ...errorFields(e),
    });
    return null;
  }
}

/** On disk before this returns; the file is only ever appended to. */
function appendToFile(a: Anchor, place: AnchorPlace): void {
  const file = anchorFile(place);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const fd = fs.openSync(file, "a", 0o600);
  try {
    fs.writeSync(fd, `${anchorText(a)}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
