import { StockbellMigration } from './stockbell-migration.ts';

/**
 * Finer subscriptions (issue 12): a subscription row may be a mute (nothing under it is told, even
 * where a subscription above covers it), and a part subscription may cover the part alone rather
 * than the part and its variants. Existing rows keep their meaning: subscriptions, with variants.
 */
export class Migration20261205000000_mutes extends StockbellMigration {
  override name = 'Migration20261205000000_mutes';

  override up(): void {
    this.addSql('alter table stockbell_subscriptions add column muted boolean not null default false');
    this.addSql('alter table stockbell_subscriptions add column variants boolean not null default true');
  }

  override down(): void {
    this.addSql('alter table stockbell_subscriptions drop column variants');
    this.addSql('alter table stockbell_subscriptions drop column muted');
  }
}
