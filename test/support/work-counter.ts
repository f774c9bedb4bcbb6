/**
 * A Kysely plugin that counts what a store does: the statements it runs, the rows they return and
 * every field the calling code reads off those rows. An operation count that grows with the work,
 * not with the clock, so a test can tell linear from quadratic. Past `budget` field reads it throws,
 * so a quadratic regression fails at once instead of running for minutes.
 */
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';

export class WorkCounter implements KyselyPlugin {
  queries = 0;
  rows = 0;
  fieldReads = 0;
  budget = Number.POSITIVE_INFINITY;

  /** Starts counting afresh; `budget` caps the field reads. */
  reset(budget = Number.POSITIVE_INFINITY): void {
    this.queries = 0;
    this.rows = 0;
    this.fieldReads = 0;
    this.budget = budget;
  }

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.queries += 1;
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    this.rows += args.result.rows.length;
    return { ...args.result, rows: args.result.rows.map((row) => this.#watch(row)) };
  }

  #watch(row: UnknownRow): UnknownRow {
    return new Proxy(row, {
      get: (target, key, receiver) => {
        if (typeof key === 'string' && ++this.fieldReads > this.budget) {
          throw new Error(`more than ${this.budget} field reads off ${this.rows} rows`);
        }
        return Reflect.get(target, key, receiver);
      },
    });
  }
}
