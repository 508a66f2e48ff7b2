import { z } from "zod";

// Strings the database holds from a closed vocabulary (a role, a status, a format). Prisma keeps them as plain strings
// on both providers, so each is checked as its row is read: the rest of the code then works with the union type, and a
// value outside it (a hand-edited row, a value only a newer version writes) is reported as damage, never passed on.

/** "Table.column", as the Prisma schema names them. */
export type StoredColumn = `${string}.${string}`;

/** A stored value that does not fit its column: a fault to investigate, never something to guess around. */
export class StoredValueFault extends Error {
  constructor(
    readonly column: StoredColumn,
    problem: string,
  ) {
    super(`${column} ${problem}`);
    this.name = "StoredValueFault";
  }
}

export type StoredVocabulary<T extends string> = { column: StoredColumn; values: readonly T[]; read(value: string): T };

/** The reader of one column whose values are `values`, e.g. storedVocabulary("User.role", ROLES). */
export function storedVocabulary<const T extends readonly string[]>(column: StoredColumn, values: T): StoredVocabulary<T[number]> {
  const schema = z.enum(values);
  return {
    column,
    values,
    read(value) {
      const parsed = schema.safeParse(value);
      if (!parsed.success) throw new StoredValueFault(column, `holds “${value.slice(0, 100)}”, which is not one of ${values.join(", ")}`);
      return parsed.data;
    },
  };
}
