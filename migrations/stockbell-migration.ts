/**
 * What a migration needs to know of its database, asked of MikroORM's own platform (the same one
 * that maps the entities), so one migration file serves SQLite and PostgreSQL.
 */
import { Migration } from '@mikro-orm/migrations';
import { BasePostgreSqlPlatform } from '@mikro-orm/sql';

export abstract class StockbellMigration extends Migration {
  protected get isPostgres(): boolean {
    return this.driver.getPlatform() instanceof BasePostgreSqlPlatform;
  }

  /** Column types as the platform declares them for the entities' properties. */
  protected get types(): { id: string; timestamp: string; json: string } {
    const platform = this.driver.getPlatform();
    return {
      id: this.isPostgres ? 'serial primary key' : 'integer not null primary key autoincrement',
      timestamp: platform.getDateTimeTypeDeclarationSQL({}),
      json: platform.getJsonDeclarationSQL(),
    };
  }
}
