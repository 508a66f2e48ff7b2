// Many rows written as a few hundred per statement: one INSERT per row is slow, and one for all of
// them would pass the databases' limits on a statement's parameters.

const ROWS_PER_INSERT = 500;

/** Calls `insert` with each run of rows in turn, and where the run starts. */
export async function insertInChunks<T>(rows: readonly T[], insert: (chunk: T[], offset: number) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) await insert(rows.slice(i, i + ROWS_PER_INSERT), i);
}
