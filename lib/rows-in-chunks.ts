import { storageConfig } from "./config";
import { databaseProvider, type Prisma, type Tx } from "./db";

// Many rows written a hundred to a statement: one INSERT per row is slow, and one for all of
// them would pass the databases' limits on a statement's parameters. They are plain multi-row
// INSERTs: the ORM's createMany builds every statement through its query compiler, and at hundreds
// of thousands of rows its garbage grows the heap by far more than the rows themselves. SQLite's
// driver answers synchronously, so a pause between statements keeps a long run of them from
// holding the event loop, and every request the server has, until the last.

// The ORM holds on to its most recent statements with their values, so what it keeps grows with
// a statement's size; a hundred rows to a statement writes as fast as five hundred and keeps a fifth.
const ROWS_PER_INSERT = 100;

/**
 * Writes a row for each item (the values of `columns`, in order, as `row` makes them) into the
 * model's table within the transaction. Rows are made as they are written, not all first.
 */
export async function insertRows<T>(
  tx: Tx,
  table: Prisma.ModelName,
  columns: readonly string[],
  items: Iterable<T>,
  row: (item: T, index: number) => readonly unknown[],
): Promise<number> {
  const sqlite = databaseProvider(storageConfig().databaseUrl) === "sqlite";
  const head = `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES `;
  const statements = new Map<number, string>();
  const statementFor = (count: number) => {
    let sql = statements.get(count);
    if (!sql) {
      const values: string[] = [];
      for (let r = 0; r < count; r++) values.push(`(${columns.map((_, c) => (sqlite ? "?" : `$${r * columns.length + c + 1}`)).join(", ")})`);
      statements.set(count, (sql = head + values.join(", ")));
    }
    return sql;
  };
  let params: unknown[] = [];
  let written = 0;
  const flush = async () => {
    const count = params.length / columns.length;
    if (count === 0) return;
    await tx.$executeRawUnsafe(statementFor(count), ...params);
    written += count;
    params = [];
    await new Promise<void>((resolve) => setImmediate(resolve));
  };
  let index = 0;
  for (const item of items) {
    const values = row(item, index++);
    if (values.length !== columns.length) throw new Error(`a row for ${table} has ${values.length} values for ${columns.length} columns`);
    for (const value of values) params.push(value);
    if (params.length >= ROWS_PER_INSERT * columns.length) await flush();
  }
  await flush();
  return written;
}
