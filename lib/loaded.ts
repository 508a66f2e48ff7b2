import { isAppError } from "./errors";

// What a page shows of something read from a cloud: the data, or the problem that stopped the read,
// worded for the person looking. Only an AppError is a problem to show; anything else is a fault
// and goes on to the error page and the log.

export type Loaded<T> = { ok: true; data: T } | { ok: false; problem: string };

/** Runs one read; an AppError becomes "<failure>: <its message>", anything else is rethrown. */
export async function loaded<T>(failure: string, read: () => Promise<T>): Promise<Loaded<T>> {
  try {
    return { ok: true, data: await read() };
  } catch (e) {
    if (!isAppError(e)) throw e;
    return { ok: false, problem: `${failure}: ${e.message}` };
  }
}

/** The read's result, or null when it answers NotFound: for a page that then answers 404 rather than a problem. */
export async function nullWhenNotFound<T>(read: Promise<T>): Promise<T | null> {
  try {
    return await read;
  } catch (e) {
    if (isAppError(e) && e.code === "NotFound") return null;
    throw e;
  }
}
