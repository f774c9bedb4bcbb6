import { StockbellMigration } from './stockbell-migration.ts';

/**
 * The worker claims due jobs `order by next_attempt_at, id limit n`. A fan-out's jobs share one
 * `next_attempt_at`, and the index had no id: every claim of 64 sorted every due job (46 ms per claim
 * at 10,000 due on PostgreSQL, and the drain slowed as the square of the backlog). With the id in the
 * index the claim walks it in order and stops at the limit.
 */
export class Migration20261203010000_claim_order extends StockbellMigration {
  override name = 'Migration20261203010000_claim_order';

  override up(): void {
    this.addSql('drop index stockbell_deliveries_due');
    this.addSql('create index stockbell_deliveries_due on stockbell_deliveries (status, next_attempt_at, id)');
  }

  override down(): void {
    this.addSql('drop index stockbell_deliveries_due');
    this.addSql('create index stockbell_deliveries_due on stockbell_deliveries (status, next_attempt_at)');
  }
}
