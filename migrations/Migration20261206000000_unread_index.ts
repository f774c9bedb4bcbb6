import { StockbellMigration } from './stockbell-migration.ts';

/**
 * The unread count and the unread page ask `user_id = ? and read_at is null and snoozed_until is null`.
 * Since snoozes (issue 12) the index stopped at `read_at`, so every unread row was looked up in the
 * table to test `snoozed_until`: at 1,000 rows per user the count ran at a fifth of a bare route's
 * rate (bench/api.ts). With `snoozed_until` in the index the count is read from the index alone, and
 * the unread page walks it in id order and stops at the limit.
 */
export class Migration20261206000000_unread_index extends StockbellMigration {
  override name = 'Migration20261206000000_unread_index';

  override up(): void {
    this.addSql('drop index stockbell_notifications_user_read_id');
    this.addSql('create index stockbell_notifications_unread on stockbell_notifications (user_id, read_at, snoozed_until, id)');
  }

  override down(): void {
    this.addSql('drop index stockbell_notifications_unread');
    this.addSql('create index stockbell_notifications_user_read_id on stockbell_notifications (user_id, read_at, id)');
  }
}
