import { describe, expect, it } from "vitest";
import { Prisma } from "../generated/sqlite";
import { ENCRYPTED_COLUMNS } from "./encrypted-values";

describe("the encrypted values key rotation and the start-up check go through", () => {
  it("include every column whose name says it holds ciphertext", () => {
    const columns = Prisma.dmmf.datamodel.models.flatMap((m) => m.fields.filter((f) => /ciphertext/i.test(f.name)).map((f) => `${m.name}.${f.name}`));
    expect(columns.length).toBeGreaterThan(0);
    expect([...ENCRYPTED_COLUMNS].sort()).toEqual(columns.sort());
  });
});
