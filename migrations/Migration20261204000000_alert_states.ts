import { StockbellMigration } from './stockbell-migration.ts';

/**
 * Alerts with a state, snooze and quiet hours (issue 12):
 * - notifications: `alert_state` (open, resolved; null for kinds that are not alerts), when and at
 *   what it was resolved, and `snoozed_until`. Existing alerts get a state: a low-stock row is open
 *   while its part is still low since the flip that raised it, otherwise resolved (when unknown);
 *   a build shortage stays open until the build completes or is cancelled (its lines were never
 *   recorded, so coverage cannot be watched for it).
 * - user settings: quiet hours (minutes of the day, and weekends) and the time of the last digest.
 * - build shortages: which parts an open `build.stock_short` waits on, so a stock change finds it.
 */
export class Migration20261204000000_alert_states extends StockbellMigration {
  override name = 'Migration20261204000000_alert_states';

  override up(): void {
    const { timestamp, json } = this.types;
    const alter = (table: string, column: string) => this.addSql(`alter table stockbell_${table} add column ${column}`);
    alter('notifications', 'alert_state varchar(10) null');
    alter('notifications', `resolved_at ${timestamp} null`);
    alter('notifications', `resolution ${json} null`);
    alter('notifications', `snoozed_until ${timestamp} null`);
    this.addSql('create index stockbell_notifications_alert on stockbell_notifications (target_id, alert_state)');
    this.addSql('create index stockbell_notifications_snoozed on stockbell_notifications (snoozed_until)');
    this.addSql(`update stockbell_notifications set alert_state = 'resolved'
      where kind = 'part.low_stock' and target_kind = 'part'`);
    this.addSql(`update stockbell_notifications set alert_state = 'open'
      where kind = 'part.low_stock' and target_kind = 'part' and exists (
        select 1 from stockbell_part_state s
        where s.part_id = stockbell_notifications.target_id and s.low = true and s.updated_at <= stockbell_notifications.created_at)`);
    this.addSql(`update stockbell_notifications set alert_state = 'open' where kind = 'build.stock_short' and target_kind = 'build'`);

    alter('user_settings', 'quiet_from integer null');
    alter('user_settings', 'quiet_to integer null');
    alter('user_settings', `quiet_weekends boolean not null default false`);
    alter('user_settings', `digest_after_at ${timestamp} null`);

    this.addSql(`create table stockbell_build_shortages (
      build_id varchar(100) not null,
      part_id varchar(100) not null,
      created_at ${timestamp} not null,
      primary key (build_id, part_id))`);
    this.addSql('create index stockbell_build_shortages_part on stockbell_build_shortages (part_id)');
  }

  override down(): void {
    this.addSql('drop table if exists stockbell_build_shortages');
    for (const column of ['digest_after_at', 'quiet_weekends', 'quiet_to', 'quiet_from']) this.addSql(`alter table stockbell_user_settings drop column ${column}`);
    this.addSql('drop index stockbell_notifications_snoozed');
    this.addSql('drop index stockbell_notifications_alert');
    for (const column of ['snoozed_until', 'resolution', 'resolved_at', 'alert_state']) this.addSql(`alter table stockbell_notifications drop column ${column}`);
  }
}
