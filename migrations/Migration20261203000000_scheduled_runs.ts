import { StockbellMigration } from './stockbell-migration.ts';

/**
 * One row per periodic job and period (`retention`, `2026-12-03`): with several instances on one
 * database each one's timer fires, and the first to insert the row is the one that runs the job.
 */
export class Migration20261203000000_scheduled_runs extends StockbellMigration {
  override name = 'Migration20261203000000_scheduled_runs';

  override up(): void {
    const { timestamp } = this.types;
    this.addSql(`create table stockbell_scheduled_runs (
      job varchar(40) not null,
      period varchar(40) not null,
      created_at ${timestamp} not null,
      primary key (job, period))`);
  }

  override down(): void {
    this.addSql('drop table stockbell_scheduled_runs');
  }
}
