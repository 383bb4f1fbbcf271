/**
 * Typed errors of the STARK layer. Callers branch on the class, never on message text.
 */

/** One failing check found by the debug checker: which table, which row, which constraint. */
export interface ConstraintFailure {
  /** Table name, or `'<bus>'` for a bus imbalance spanning tables. */
  readonly table: string;
  /** Row index in the table's trace (-1 for a whole-bus imbalance). */
  readonly row: number;
  /** Constraint name as given to `assertZero` and friends, or `bus:<name>` for a LogUp bus. */
  readonly constraint: string;
  /** Human-readable detail (evaluated value, offending tuple, ...). */
  readonly detail: string;
}

/** A table or system definition is malformed (bad schema, unknown column, inconsistent bus arity...). */
export class AirDefinitionError extends Error {
  override readonly name = 'AirDefinitionError';
  constructor(message: string, readonly details: Record<string, unknown> = {}) {
    super(message);
  }
}

/** The witness handed to the prover does not fit the system (missing table, wrong width/height...). */
export class WitnessShapeError extends Error {
  override readonly name = 'WitnessShapeError';
  constructor(message: string, readonly details: Record<string, unknown> = {}) {
    super(message);
  }
}

/**
 * The prover refuses to emit a proof because the debug checker found broken constraints or an
 * unbalanced bus. `failures` holds the first failures in table/row order.
 */
export class ProverRefusedError extends Error {
  override readonly name = 'ProverRefusedError';
  constructor(readonly failures: readonly ConstraintFailure[]) {
    super(
      `prover refused: ${failures.length} failing check(s); first: ` +
        failures
          .slice(0, 3)
          .map((f) => `${f.table}[row ${f.row}] ${f.constraint}: ${f.detail}`)
          .join('; '),
    );
  }
}

/**
 * The only error decoding or verifying a proof ever raises. `reason` is a short machine-stable
 * tag (e.g. `'merkle'`, `'ood'`, `'fri-fold'`, `'decode'`); the message adds detail.
 */
export class VerificationError extends Error {
  override readonly name = 'VerificationError';
  constructor(
    readonly reason: string,
    detail: string,
  ) {
    super(`verification failed (${reason}): ${detail}`);
  }
}
