import { StockbellMigration } from './stockbell-migration.ts';

/**
 * Webhook secret rotation: the secret being rotated out, and until when it still signs (both
 * signatures are sent during the rollover, so a receiver can switch at its own moment).
 */
export class Migration20261201100000_secret_rotation extends StockbellMigration {
  override name = 'Migration20261201100000_secret_rotation';

  override up(): void {
    this.addSql('alter table stockbell_endpoints add column previous_secret varchar(200) null');
    this.addSql(`alter table stockbell_endpoints add column previous_secret_until ${this.types.timestamp} null`);
  }

  override down(): void {
    this.addSql('alter table stockbell_endpoints drop column previous_secret_until');
    this.addSql('alter table stockbell_endpoints drop column previous_secret');
  }
}
