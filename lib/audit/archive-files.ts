import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { z } from "zod";
import { jsonOrUndefined } from "../http/json-text";
import type { Checkpoint } from "./checkpoints";

// The files retention writes the events it removes to, one per checkpoint, each recorded there
// with its SHA-256. Verification checks every one of them.

export function archiveDir(dataDir: string): string {
  return path.join(dataDir, "audit-archive");
}

/** Why a checkpoint's archive file does not hold what the checkpoint recorded, or null when it does. */
export async function archiveProblem(dataDir: string, c: Pick<Checkpoint, "archiveFile" | "archiveSha256">): Promise<string | null> {
  const dir = archiveDir(dataDir);
  const file = path.join(dir, path.basename(c.archiveFile));
  const digest = crypto.createHash("sha256");
  try {
    for await (const chunk of fs.createReadStream(file)) digest.update(chunk as Buffer);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
    return `is the last event archived to ${c.archiveFile}, which is not in ${dir}: restore it from a backup`;
  }
  if (digest.digest("hex") === c.archiveSha256) return null;
  return `is the last event archived to ${c.archiveFile}, whose SHA-256 no longer matches the retention checkpoint (the archive was altered)`;
}

const archivedEvent = z.object({ seq: z.number(), hash: z.string() });

/** The link of event `seq` in a checkpoint's archive file (one event per line, in chain order), or null when it holds no such event. */
export async function archivedLink(dataDir: string, c: Pick<Checkpoint, "archiveFile">, seq: number): Promise<string | null> {
  const lines = readline.createInterface({ input: fs.createReadStream(path.join(archiveDir(dataDir), path.basename(c.archiveFile))), crlfDelay: Infinity });
  try {
    for await (const line of lines) {
      const event = archivedEvent.safeParse(jsonOrUndefined(line));
      if (event.success && event.data.seq === seq) return event.data.hash;
      if (event.success && event.data.seq > seq) return null;
    }
    return null;
  } finally {
    lines.close();
  }
}
