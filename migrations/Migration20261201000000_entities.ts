import { StockbellMigration } from './stockbell-migration.ts';

/**
 * Aligns the first two migrations' tables with the entities, so MikroORM's schema comparison finds
 * nothing to change (test/schema.test.ts keeps it so). Rows, ids and id sequences are kept.
 * - SQLite: a primary key declared `not null`, and unique indexes instead of inline constraints;
 *   SQLite cannot alter either, so each table is rebuilt (new table, copy, drop, rename).
 * - PostgreSQL: id columns from identity to the serial the entities' autoincrement declares.
 */
const TABLES = ['events', 'notifications', 'subscriptions', 'endpoints', 'deliveries'] as const;

export class Migration20261201000000_entities extends StockbellMigration {
  override name = 'Migration20261201000000_entities';

  override up(): void {
    if (this.isPostgres) {
      for (const table of TABLES) this.identityToSerial(`stockbell_${table}`);
      return;
    }
    const { timestamp, json } = this.types;
    this.rebuild('stockbell_events', `key varchar(200) not null, type varchar(40) not null, payload ${json} not null, created_at ${timestamp} not null`, [
      'create unique index stockbell_events_key_key on stockbell_events (key)',
    ]);
    this.rebuild(
      'stockbell_notifications',
      `event_id bigint not null, user_id varchar(100) not null, kind varchar(100) not null, target_kind varchar(20) null,
       target_id varchar(100) null, data ${json} not null, reason ${json} not null, locale varchar(35) null,
       created_at ${timestamp} not null, read_at ${timestamp} null`,
      [
        'create index stockbell_notifications_user_read_id on stockbell_notifications (user_id, read_at, id)',
        'create index stockbell_notifications_created on stockbell_notifications (created_at)',
        'create index stockbell_notifications_event on stockbell_notifications (event_id)',
      ],
    );
    this.rebuild('stockbell_subscriptions', `user_id varchar(100) not null, target_kind varchar(20) not null, target_id varchar(100) not null, created_at ${timestamp} not null`, [
      'create unique index stockbell_subscriptions_unique on stockbell_subscriptions (user_id, target_kind, target_id)',
      'create index stockbell_subscriptions_target on stockbell_subscriptions (target_kind, target_id)',
    ]);
    this.rebuild(
      'stockbell_endpoints',
      `user_id varchar(100) null, channel varchar(20) not null, name varchar(100) not null, url varchar(2048) not null,
       secret varchar(200) null, created_at ${timestamp} not null, updated_at ${timestamp} not null`,
      ['create index stockbell_endpoints_user on stockbell_endpoints (user_id)'],
    );
    this.rebuild(
      'stockbell_deliveries',
      `notification_id integer null, user_id varchar(100) not null, channel varchar(20) not null, endpoint_id integer null,
       kind varchar(100) not null, status varchar(10) not null, attempts integer not null default 0,
       next_attempt_at ${timestamp} not null, lease_until ${timestamp} null, last_error varchar(1000) null,
       idempotency_key varchar(200) not null, payload ${json} null, created_at ${timestamp} not null, updated_at ${timestamp} not null`,
      [
        'create unique index stockbell_deliveries_idempotency_key_key on stockbell_deliveries (idempotency_key)',
        'create index stockbell_deliveries_due on stockbell_deliveries (status, next_attempt_at)',
      ],
    );
  }

  /** SQLite: the table again with `columns` after its id, every row copied, and its AUTOINCREMENT high-water mark kept. */
  private rebuild(table: string, columns: string, indexes: string[]): void {
    const names = columns.split(',').map((c) => c.trim().split(/\s+/)[0]).join(', ');
    this.addSql(`create table ${table}__new (id ${this.types.id}, ${columns})`);
    this.addSql(`insert into ${table}__new (id, ${names}) select id, ${names} from ${table}`);
    // An id must never come back (a delivery job or a client could still name a deleted one).
    this.addSql(`delete from sqlite_sequence where name = '${table}__new'`);
    this.addSql(`insert into sqlite_sequence (name, seq) select '${table}__new', seq from sqlite_sequence where name = '${table}'`);
    this.addSql(`drop table ${table}`);
    this.addSql(`alter table ${table}__new rename to ${table}`);
    for (const index of indexes) this.addSql(index);
  }

  /** PostgreSQL: the identity's sequence handed over to a serial default at the value it had reached. */
  private identityToSerial(table: string): void {
    this.addSql(`create sequence ${table}_id_serial`);
    this.addSql(`select setval('${table}_id_serial', last_value, is_called) from ${table}_id_seq`);
    this.addSql(`alter table ${table} alter column id drop identity`);
    this.addSql(`alter sequence ${table}_id_serial rename to ${table}_id_seq`);
    this.addSql(`alter sequence ${table}_id_seq owned by ${table}.id`);
    this.addSql(`alter table ${table} alter column id set default nextval('${table}_id_seq')`);
  }
}
