// What one run does to one mirror: the people to add and remove so the mirror holds exactly the
// people its source reaches, the hand edits found (members changed in Entra by someone other
// than SSO Bridge), and whether the removal guard holds the removals for an operator.
//
// A hand edit is corrected, or, when the mirror is set to leave hand edits, kept as an exception:
// a person added by hand stays (`kept`), a person removed by hand stays out (`excluded`), until an
// operator clears the exception.

export type HandEditPolicy = "correct" | "leave";

export type MirrorState = {
  /** the people the source reaches now */
  desired: ReadonlySet<string>;
  /** the mirror's members in Entra now */
  actual: ReadonlySet<string>;
  /** the members SSO Bridge last left in the mirror; null before it has written any */
  expected: ReadonlySet<string> | null;
  /** members a stopped run had sent without learning the outcome: neither their presence nor absence is a hand edit */
  unsettled: ReadonlySet<string>;
  /** exceptions left from earlier hand edits */
  kept: ReadonlySet<string>;
  excluded: ReadonlySet<string>;
  handEdits: HandEditPolicy;
  /** the largest share of the mirror's members one run may remove without an operator, in percent */
  removalGuardPercent: number;
  /** an operator confirmed removals the guard held */
  removalsConfirmed: boolean;
};

export type MirrorPlan = {
  add: string[];
  remove: string[];
  /** removals held by the guard rather than made (then `remove` is empty) */
  held: string[];
  handAdded: string[];
  handRemoved: string[];
  /** new exceptions, when hand edits are left */
  keep: string[];
  exclude: string[];
};

export function planMirror(state: MirrorState): MirrorPlan {
  const { actual, expected, unsettled } = state;
  const handAdded = expected ? [...actual].filter((id) => !expected.has(id) && !unsettled.has(id)) : [];
  const handRemoved = expected ? [...expected].filter((id) => !actual.has(id) && !unsettled.has(id)) : [];
  const leave = state.handEdits === "leave";
  const keep = leave ? handAdded.filter((id) => !state.desired.has(id) && !state.kept.has(id)) : [];
  const exclude = leave ? handRemoved.filter((id) => state.desired.has(id) && !state.excluded.has(id)) : [];
  const kept = new Set([...state.kept, ...keep]);
  const excluded = new Set([...state.excluded, ...exclude]);
  const wanted = (id: string) => (state.desired.has(id) || kept.has(id)) && !excluded.has(id);

  const add = [...new Set([...state.desired, ...kept])].filter((id) => wanted(id) && !actual.has(id));
  const remove = [...actual].filter((id) => !wanted(id));
  const edits = { handAdded, handRemoved, keep, exclude };
  if (remove.length > 0 && !state.removalsConfirmed && exceedsGuard(remove.length, actual.size, state.removalGuardPercent))
    return { add, remove: [], held: remove, ...edits };
  return { add, remove, held: [], ...edits };
}

/** More than the guard's share of the members, counted against the mirror as it is before the run. */
export function exceedsGuard(removals: number, members: number, guardPercent: number): boolean {
  return removals * 100 > guardPercent * members;
}
