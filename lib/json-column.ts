import { z } from "zod";
import { jsonOrUndefined } from "./http/json-text";
import { StoredValueFault, type StoredColumn } from "./stored-vocabulary";

// JSON kept in a text column. Each such column has one codec, beside the module that owns the column: every write
// goes through its encode and every read through its decode, which checks the value against the column's schema. A
// row that does not fit is a fault naming the column, not a half-formed value handed to the rest of the code.

export type JsonColumn<T> = {
  column: StoredColumn;
  encode(value: T): string;
  /** `row` names the row in the fault, e.g. the setup step whose data it is */
  decode(text: string, row?: string): T;
};

export function jsonColumn<T>(column: StoredColumn, schema: z.ZodType<T>): JsonColumn<T> {
  return {
    column,
    encode: (value) => JSON.stringify(value),
    decode(text, row) {
      const where: StoredColumn = row ? `${column} (${row})` : column;
      // Only the column is named: the text may be a secret, and a parser's message would quote it.
      const value = jsonOrUndefined(text);
      if (value === undefined) throw new StoredValueFault(where, "does not hold JSON");
      const parsed = schema.safeParse(value);
      if (!parsed.success) throw new StoredValueFault(where, `does not have the shape it is read as: ${z.prettifyError(parsed.error)}`);
      return parsed.data;
    },
  };
}
