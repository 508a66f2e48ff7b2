import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
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
