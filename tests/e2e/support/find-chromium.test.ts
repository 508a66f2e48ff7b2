import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ChromiumNotFound, findChromium, thisMachine, type ChromiumLookup } from "./find-chromium";

function machine(opts: { env?: Record<string, string>; platform?: NodeJS.Platform; onPath?: Record<string, string>; files?: string[] }): ChromiumLookup {
  const files = new Set([...(opts.files ?? []), ...Object.values(opts.onPath ?? {})]);
  return { env: opts.env ?? {}, platform: opts.platform ?? "linux", onPath: (command) => opts.onPath?.[command], exists: (file) => files.has(file) };
}

const notFound = (lookup: ChromiumLookup) => {
  try {
    findChromium(lookup);
  } catch (e) {
    if (e instanceof ChromiumNotFound) return e.message;
    throw e;
  }
  return expect.unreachable("a browser was found");
};

describe("findChromium", () => {
  it("takes CHROMIUM_PATH first, even when a browser is on PATH", () => {
    const lookup = machine({
      env: { CHROMIUM_PATH: "/home/ada/chrome-linux/chrome" },
      files: ["/home/ada/chrome-linux/chrome"],
      onPath: { chromium: "/usr/bin/chromium" },
    });
    expect(findChromium(lookup)).toBe("/home/ada/chrome-linux/chrome");
  });

  it("refuses a CHROMIUM_PATH that is not there instead of quietly using another browser", () => {
    const message = notFound(machine({ env: { CHROMIUM_PATH: "/opt/chrome/chrome" }, onPath: { chromium: "/usr/bin/chromium" } }));
    expect(message).toContain("CHROMIUM_PATH is /opt/chrome/chrome, which is not an executable file");
  });

  it("then looks on PATH, Chromium's names before Chrome's", () => {
    expect(findChromium(machine({ onPath: { "google-chrome": "/usr/local/bin/google-chrome", "chromium-browser": "/usr/local/bin/chromium-browser" } }))).toBe(
      "/usr/local/bin/chromium-browser",
    );
    expect(findChromium(machine({ onPath: { chrome: "/home/ada/bin/chrome" } }))).toBe("/home/ada/bin/chrome");
  });

  it("then at the usual install locations on Linux", () => {
    expect(findChromium(machine({ files: ["/snap/bin/chromium"] }))).toBe("/snap/bin/chromium");
    expect(findChromium(machine({ files: ["/opt/google/chrome/chrome", "/usr/bin/chromium"] }))).toBe("/usr/bin/chromium");
    expect(findChromium(machine({ files: ["/opt/google/chrome/chrome"] }))).toBe("/opt/google/chrome/chrome");
  });

  it("and on macOS, in /Applications or the user's own Applications folder", () => {
    const chrome = "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome";
    expect(findChromium(machine({ platform: "darwin", files: [chrome] }))).toBe(chrome);
    const own = "/Users/ada/Applications/Chromium.app/Contents/MacOS/Chromium";
    expect(findChromium(machine({ platform: "darwin", env: { HOME: "/Users/ada" }, files: [own] }))).toBe(own);
    expect(() => findChromium(machine({ platform: "linux", files: [chrome] }))).toThrow(ChromiumNotFound);
  });

  it("says where it looked and how to install a browser when there is none", () => {
    const message = notFound(machine({}));
    expect(message).toContain("The browser tests need Chromium or Google Chrome, and none was found");
    expect(message).toContain("/usr/bin/chromium");
    expect(message).toContain("`sudo apt-get install chromium`");
    expect(message).toContain("`brew install --cask chromium`");
    expect(message).toContain("set CHROMIUM_PATH");
  });
});

describe("thisMachine", () => {
  it("finds on PATH only files that can be executed, in PATH order", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "find-chromium-"));
    try {
      const [first, second] = ["a", "b"].map((d) => path.join(dir, d));
      for (const d of [first!, second!]) fs.mkdirSync(d);
      fs.writeFileSync(path.join(first!, "chromium"), "not executable", { mode: 0o644 });
      fs.writeFileSync(path.join(second!, "chromium"), "#!/bin/sh\n", { mode: 0o755 });
      fs.writeFileSync(path.join(first!, "google-chrome"), "#!/bin/sh\n", { mode: 0o755 });
      const lookup = thisMachine({ PATH: [path.join(dir, "missing"), first, second].join(path.delimiter) });
      expect(lookup.onPath("chromium")).toBe(path.join(second!, "chromium"));
      expect(lookup.onPath("google-chrome")).toBe(path.join(first!, "google-chrome"));
      expect(lookup.onPath("chrome")).toBeUndefined();
      expect(lookup.exists(dir)).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
