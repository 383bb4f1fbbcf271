import { describe, expect, it } from 'vitest';
import { P } from '../../field/babybear.ts';
import { AirDefinitionError } from '../errors.ts';
import { byteOpTable, rangeTable } from '../lookups.ts';
import { ExprArena } from './expr.ts';
import { systemToJson } from './json.ts';
import { schema } from './schema.ts';
import { defineSystem } from './system.ts';
import { AirBuilder, defineTable } from './table.ts';

describe('schema', () => {
  it('lays out named columns left to right with typed indices', () => {
    const s = schema({ a: 1, b: 1, limbs: 3, c: 1 });
    expect(s.a).toBe(0);
    expect(s.b).toBe(1);
    expect(s.limbs).toEqual([2, 3, 4]);
    expect(s.c).toBe(5);
    expect(s.width).toBe(6);
    expect(s.columnNames).toEqual(['a', 'b', 'limbs[0]', 'limbs[1]', 'limbs[2]', 'c']);
  });
  it('rejects reserved names and bad widths', () => {
    expect(() => schema({ width: 1 })).toThrow(AirDefinitionError);
    expect(() => schema({ a: 0 })).toThrow(AirDefinitionError);
  });
});

describe('expression DAG', () => {
  it('hash-conses, folds constants and tracks degree and type', () => {
    const ar = new ExprArena();
    const x = ar.node(1, 0, 0); // main column 0
    const y = ar.node(1, 1, 0);
    expect(x.add(y).id).toBe(y.add(x).id);
    expect(x.mul(1).id).toBe(x.id);
    expect(x.add(0).id).toBe(x.id);
    expect(ar.constValue(x.mul(0).id)).toBe(0);
    expect(ar.constValue(ar.constant(3).sub(5).id)).toBe(P - 2);
    expect(x.mul(y).mul(x).degree).toBe(3);
    expect(x.pow(4).degree).toBe(4);
    expect(x.sub(x).degree).toBe(0);
    expect(ar.node(4, 0, 0).mul(x).isExt).toBe(true);
  });
});

describe('tables and systems', () => {
  const t1 = defineTable({
    name: 't1',
    columns: schema({ x: 1, y: 1 }),
    constraints(b) {
      const x = b.main(b.cols.x);
      b.assertBool('x_bit', x);
      b.transition('y_step', b.next(b.cols.y).sub(b.main(b.cols.y)).sub(x));
      b.send('r', [b.main(b.cols.y)], x);
    },
  });
  it('computes degrees, quotient chunks and LogUp groups', () => {
    const sys = defineSystem([t1, rangeTable(4)]);
    const [a, r] = sys.tables;
    expect(a!.constraints.slice(0, 2).map((c) => c.degree)).toEqual([2, 2]);
    expect(a!.maxDegree).toBe(2);
    expect(a!.quotientDegree).toBe(1);
    expect(a!.logup!.groups).toEqual([[0]]);
    expect(r!.prepHeight).toBe(16);
    expect(sys.buses.map((b) => b.name)).toEqual(['r', 'range4']);
  });
  it('packs many interactions into degree-bounded groups', () => {
    const sys = defineSystem([byteOpTable(2)]);
    const t = sys.tables[0]!;
    expect(t.logup!.groups).toEqual([[0, 1], [2]]);
    expect(t.maxDegree).toBe(3);
    expect(t.quotientDegree).toBe(2);
  });
  it('rejects unknown columns, duplicate names and inconsistent bus arity', () => {
    const bad = (f: (b: AirBuilder<{ x: 1 }, Record<string, never>>) => void) =>
      defineSystem([defineTable({ name: 'bad', columns: schema({ x: 1 }), constraints: f })]);
    expect(() => bad((b) => b.main(1))).toThrow(AirDefinitionError);
    expect(() => bad((b) => b.public('nope'))).toThrow(AirDefinitionError);
    expect(() =>
      bad((b) => {
        b.assertZero('c', b.main(0));
        b.assertZero('c', b.main(0));
      }),
    ).toThrow(AirDefinitionError);
    expect(() =>
      bad((b) => {
        b.send('bus', [b.main(0)]);
        b.send('bus', [b.main(0), 1]);
      }),
    ).toThrow(AirDefinitionError);
  });
  it('serialises to JSON that round-trips through JSON.stringify', () => {
    const json = systemToJson(defineSystem([t1, rangeTable(4)]));
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
    expect(json.tables[0]!.constraints.map((c) => c.name)).toEqual([
      'x_bit',
      'y_step',
      'logup:group0',
      'logup:running-sum-first',
      'logup:running-sum-step',
      'logup:running-sum-last',
    ]);
  });
});
