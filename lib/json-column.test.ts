import { describe, expect, it } from "vitest";
import { z } from "zod";
import { jsonColumn } from "./json-column";
import { StoredValueFault } from "./stored-vocabulary";

const snapshot = jsonColumn("WebhookDelivery.payload", z.object({ key: z.string(), firstSeenAt: z.coerce.date() }));

describe("a JSON column's codec", () => {
  it("gives back what it stored, in the type the schema reads it as", () => {
    const firstSeenAt = new Date("2026-03-01T08:30:00Z");
    const text = snapshot.encode({ key: "scim-token-expiry:30", firstSeenAt });
    expect(text).toBe('{"key":"scim-token-expiry:30","firstSeenAt":"2026-03-01T08:30:00.000Z"}');
    expect(snapshot.decode(text)).toEqual({ key: "scim-token-expiry:30", firstSeenAt });
  });

  it("refuses text that is not JSON as a fault naming the column and row, without quoting the text", () => {
    const read = () => snapshot.decode("{not json: hunter2", "delivery-7");
    expect(read).toThrow(StoredValueFault);
    expect(read).toThrow("WebhookDelivery.payload (delivery-7) does not hold JSON");
    expect(read).not.toThrow(/hunter2/);
  });

  it("refuses JSON of another shape as a fault naming the column and what does not fit", () => {
    const read = () => snapshot.decode('{"key":7}');
    expect(read).toThrow(StoredValueFault);
    expect(read).toThrow(/^WebhookDelivery\.payload does not have the shape it is read as: .*key/s);
  });
});
