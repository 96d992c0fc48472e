/**
 * A state machine as data: for each state, the states it may move to. Every
 * lifecycle in Stockroom (order, payment, fulfilment) is one such map in
 * src/shared/, and src/db/schema.ts generates from it the CHECK on its
 * history table, so the map, the API and the database cannot drift apart.
 */
export type StateMap<S extends string> = Record<S, readonly S[]>;

/** Every allowed (from, to) pair, in the map's order. */
export function pairsOf<S extends string>(states: readonly S[], map: StateMap<S>): Array<readonly [S, S]> {
  return states.flatMap((from) => map[from].map((to) => [from, to] as const));
}

export function canMove<S extends string>(map: StateMap<S>, from: S, to: S): boolean {
  return map[from].includes(to);
}
