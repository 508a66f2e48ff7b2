import { ChromiumNotFound, findChromium, thisMachine } from "./find-chromium";

// Before any browser test starts its stack (a build, simulators, servers): without a browser each
// of them would get that far and then fail with a launch error, so the run stops here instead.

export default function setup(): void {
  try {
    findChromium(thisMachine());
  } catch (e) {
    if (!(e instanceof ChromiumNotFound)) throw e;
    // The message is the whole story; a stack trace would only bury it.
    e.stack = `${e.message}`;
    throw e;
  }
}
