import fs from "node:fs";
import path from "node:path";

// The browser tests drive a real Chromium or Google Chrome, found where people have one: the
// CHROMIUM_PATH they chose, then the usual command names on PATH, then the usual install locations.

export type ChromiumLookup = {
  env: Record<string, string | undefined>;
  platform: NodeJS.Platform;
  /** the executable a command name runs, as a shell would find it on PATH */
  onPath(command: string): string | undefined;
  exists(file: string): boolean;
};

export const CHROMIUM_COMMANDS = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"];

const MAC_APPS = ["Google Chrome.app/Contents/MacOS/Google Chrome", "Chromium.app/Contents/MacOS/Chromium"];

export function installLocations(platform: NodeJS.Platform, home: string | undefined): string[] {
  if (platform === "darwin") return [...MAC_APPS.map((app) => `/Applications/${app}`), ...(home ? MAC_APPS.map((app) => `${home}/Applications/${app}`) : [])];
  if (platform === "linux") {
    return [
      "/usr/bin/chromium",
      "/usr/bin/chromium-browser",
      "/usr/bin/google-chrome",
      "/usr/bin/google-chrome-stable",
      "/snap/bin/chromium",
      "/opt/google/chrome/chrome",
    ];
  }
  return [];
}

export const CHROMIUM_INSTALL_HINT =
  "Install it: on Debian or Ubuntu `sudo apt-get install chromium`; on macOS `brew install --cask chromium` (or install Google Chrome); " +
  "or set CHROMIUM_PATH to the browser's executable.";

export class ChromiumNotFound extends Error {}

/** The browser to launch, or ChromiumNotFound saying where it looked and how to install one. */
export function findChromium(lookup: ChromiumLookup): string {
  const chosen = lookup.env.CHROMIUM_PATH;
  if (chosen) {
    // Someone who names a browser means that one: falling back to another would hide the mistake.
    if (lookup.exists(chosen)) return chosen;
    throw new ChromiumNotFound(
      `CHROMIUM_PATH is ${chosen}, which is not an executable file. Point it at Chromium's or Chrome's executable, or unset it to use the one on PATH.`,
    );
  }
  for (const command of CHROMIUM_COMMANDS) {
    const found = lookup.onPath(command);
    if (found) return found;
  }
  const locations = installLocations(lookup.platform, lookup.env.HOME);
  const installed = locations.find((file) => lookup.exists(file));
  if (installed) return installed;
  throw new ChromiumNotFound(
    `The browser tests need Chromium or Google Chrome, and none was found (CHROMIUM_PATH is not set; not on PATH as ${CHROMIUM_COMMANDS.join(", ")}` +
      `${locations.length > 0 ? `; not at ${locations.join(", ")}` : ""}). ${CHROMIUM_INSTALL_HINT}`,
  );
}

/** This machine: its environment, its PATH and its file system. */
export function thisMachine(env: Record<string, string | undefined> = process.env): ChromiumLookup {
  const executable = (file: string) => {
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return fs.statSync(file).isFile();
    } catch {
      return false;
    }
  };
  return {
    env,
    platform: process.platform,
    onPath: (command) =>
      (env.PATH ?? "")
        .split(path.delimiter)
        .filter((dir) => dir !== "")
        .map((dir) => path.join(dir, command))
        .find(executable),
    exists: executable,
  };
}
