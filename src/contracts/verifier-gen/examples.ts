/**
 * The example AIR systems whose verifiers are generated and committed under contracts/generated
 * (see regenerate.ts), with a witness for each so tests and the gas measurement can prove them:
 * - fibonacci: one table, three public inputs;
 * - range-check: the limbs table plus the preprocessed 8-bit range table (a LogUp lookup);
 * - bus-join: two tables of different heights on a bus, closed by a boundary message whose
 *   values are the two extra public inputs (x, x² + 1).
 */
import { add, mul } from '../../field/babybear.ts';
import { defineSystem, type AirSystem } from '../../stark/air/system.ts';
import { DEFAULT_CONFIG, type StarkConfig } from '../../stark/config.ts';
import { busJoinTraces, requestsTable, SQUARES_BUS, squaresTable } from '../../stark/examples/bus-join.ts';
import { fibonacciTable, fibonacciTrace } from '../../stark/examples/fibonacci.ts';
import { limbsTable, range8Table, rangeCheckTraces } from '../../stark/examples/range-check.ts';
import type { Witness } from '../../stark/witness.ts';
import { publicInputsOf, type StatementLayout } from './statement.ts';

/** One example: its system, statement layout and a witness generator. */
export interface VerifierExample {
  readonly name: string;
  readonly contractName: string;
  readonly system: AirSystem;
  readonly layout: StatementLayout;
  /** A witness of roughly 2^logSize rows in the largest table, with its flat public inputs. */
  witness(logSize: number): { witness: Witness; publicInputs: bigint[] };
}

/** The config the committed verifiers are generated for. */
export const GENERATED_CONFIG: StarkConfig = DEFAULT_CONFIG;

const fibSystem = defineSystem([fibonacciTable]);
const rangeSystem = defineSystem([limbsTable, range8Table]);
const busSystem = defineSystem([squaresTable, requestsTable]);

/** All examples, in generation order. */
export const VERIFIER_EXAMPLES: readonly VerifierExample[] = [
  {
    name: 'fibonacci',
    contractName: 'FibonacciVerifier',
    system: fibSystem,
    layout: {},
    witness(logSize) {
      const { trace, publics } = fibonacciTrace(logSize, 2, 7);
      const statement = { publicInputs: { fibonacci: publics } };
      return { witness: { traces: { fibonacci: trace }, ...statement }, publicInputs: publicInputsOf(fibSystem, statement) };
    },
  },
  {
    name: 'range-check',
    contractName: 'RangeCheckVerifier',
    system: rangeSystem,
    layout: {},
    witness(logSize) {
      const words = Array.from({ length: 1 << logSize }, (_, i) => (i * 40503 + 17) & 0xffff);
      return { witness: { traces: rangeCheckTraces(words) }, publicInputs: [] };
    },
  },
  {
    name: 'bus-join',
    contractName: 'BusJoinVerifier',
    system: busSystem,
    layout: {
      extraInputs: ['boundaryX', 'boundaryY'],
      boundary: [{ bus: SQUARES_BUS, kind: 'receive', values: [{ input: 0 }, { input: 1 }] }],
    },
    witness(logSize) {
      const producer = Math.max(3, logSize - 2);
      const xs = Array.from({ length: Math.min(1 << logSize, 40) }, (_, i) => (i * 7 + 3) % (1 << producer));
      const x = 5;
      const t = busJoinTraces(producer, logSize, xs, x);
      return {
        witness: { traces: { squares: t.squares, requests: t.requests }, boundary: t.boundary },
        publicInputs: [BigInt(x), BigInt(add(mul(x, x), 1))],
      };
    },
  },
];
