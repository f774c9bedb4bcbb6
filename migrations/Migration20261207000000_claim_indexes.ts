import { StockbellMigration } from './stockbell-migration.ts';

/**
 * The claim asks for pending jobs in (time, id) order, and for sending ones whose lease has run
 * out. One index on (status, next_attempt_at, id) held every job ever sent, and every update of a
 * job's status wrote a new entry into it; on PostgreSQL, right after a big fan-out the planner also
 * chose a bitmap scan and sorted every due job for each claim (bench/queue.ts). Two partial indexes
 * hold only the jobs a claim can take: a sent job leaves both, and each claim walks its own index
 * in order and stops at the batch.
 */
export class Migration20261207000000_claim_indexes extends StockbellMigration {
  override name = 'Migration20261207000000_claim_indexes';

  override up(): void {
    this.addSql('drop index stockbell_deliveries_due');
    this.addSql("create index stockbell_deliveries_pending on stockbell_deliveries (next_attempt_at, id) where status = 'pending'");
    this.addSql("create index stockbell_deliveries_sending on stockbell_deliveries (lease_until, id) where status = 'sending'");
  }

  override down(): void {
    this.addSql('drop index stockbell_deliveries_sending');
    this.addSql('drop index stockbell_deliveries_pending');
    this.addSql('create index stockbell_deliveries_due on stockbell_deliveries (status, next_attempt_at, id)');
  }
}
