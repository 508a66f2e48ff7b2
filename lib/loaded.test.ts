import { describe, expect, it } from "vitest";
import { AppError } from "./errors";
import { loaded, nullWhenNotFound } from "./loaded";

describe("a view's load", () => {
  it("gives the data when the read succeeds", async () => {
    expect(await loaded("Could not read the permission sets", () => Promise.resolve(["ReadOnly"]))).toEqual({ ok: true, data: ["ReadOnly"] });
  });

  it("turns an AppError into the problem to show, saying what could not be read", async () => {
    const read = () => Promise.reject(new AppError("Throttled", "AWS is busy; try again in a minute."));
    expect(await loaded("Could not read the permission sets", read)).toEqual({
      ok: false,
      problem: "Could not read the permission sets: AWS is busy; try again in a minute.",
    });
  });

  it("lets any other failure through: a fault is not a problem to show", async () => {
    const read = () => Promise.reject(new TypeError("undefined is not a function"));
    await expect(loaded("Could not read the permission sets", read)).rejects.toThrow(TypeError);
  });
});

describe("a read that may find nothing", () => {
  it("is null when the cloud says NotFound, and fails as before otherwise", async () => {
    expect(await nullWhenNotFound(Promise.reject(new AppError("NotFound", "No such permission set.")))).toBeNull();
    expect(await nullWhenNotFound(Promise.resolve(1))).toBe(1);
    await expect(nullWhenNotFound(Promise.reject(new AppError("Throttled", "AWS is busy.")))).rejects.toThrow("AWS is busy.");
  });
});
