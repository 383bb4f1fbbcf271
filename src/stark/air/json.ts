/**
 * The serializable JSON form of a compiled system: every table's expression DAG, constraints (with
 * names, filters and degrees), bus interactions and LogUp layout. A later code generator emits the
 * Solidity verifier from this; the verifying-key digest hashes it, so prover and verifier agree on
 * the exact AIR.
 */
import type { ExprNodeJson } from './expr.ts';
import type { AirSystem, BusInfo } from './system.ts';
import type { RowFilter } from './table.ts';

/** JSON form of one table. */
export interface TableJson {
  name: string;
  mainColumns: string[];
  prepColumns: string[];
  prepHeight: number | null;
  publicInputs: string[];
  nodes: ExprNodeJson[];
  constraints: { name: string; node: number; filter: RowFilter; degree: number }[];
  interactions: { bus: string; kind: 'send' | 'receive'; values: number[]; multiplicity: number }[];
  logupGroups: number[][] | null;
  maxDegree: number;
  quotientDegree: number;
}

/** JSON form of a system. */
export interface SystemJson {
  format: 'zkevm-air/v1';
  buses: BusInfo[];
  numChallenges: number;
  tables: TableJson[];
}

/** Convert a compiled system to its JSON form (pure data, stable key order). */
export function systemToJson(system: AirSystem): SystemJson {
  return {
    format: 'zkevm-air/v1',
    buses: system.buses.map((b) => ({ name: b.name, id: b.id, arity: b.arity })),
    numChallenges: system.numChallenges,
    tables: system.tables.map((t) => {
      const nodes: ExprNodeJson[] = [];
      for (let id = 0; id < t.arena.size; id++) nodes.push(t.arena.nodeJson(id));
      return {
        name: t.name,
        mainColumns: [...t.columnNames],
        prepColumns: [...(t.spec.preprocessed?.columns.columnNames ?? [])],
        prepHeight: t.prepHeight,
        publicInputs: [...t.publicInputNames],
        nodes,
        constraints: t.constraints.map((c) => ({ name: c.name, node: c.node, filter: c.filter, degree: c.degree })),
        interactions: t.interactions.map((i) => ({
          bus: i.bus,
          kind: i.kind,
          values: [...i.values],
          multiplicity: i.multiplicity,
        })),
        logupGroups: t.logup ? t.logup.groups.map((g) => [...g]) : null,
        maxDegree: t.maxDegree,
        quotientDegree: t.quotientDegree,
      };
    }),
  };
}
