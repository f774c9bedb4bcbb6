import { Migration } from '@mikro-orm/migrations';
import { dialectOf } from './dialect.ts';

/**
 * Preferences (cells a user overrides, email mode), chat and webhook endpoints (personal and
 * shared), the delivery jobs the worker claims, and the record of digests already made.
 */
export class Migration20261124000000_delivery extends Migration {
  override name = 'Migration20261124000000_delivery';

  override up(): void {
    const { id, timestamp, json } = dialectOf(this);
    // One row per cell a user has switched away from their defaults.
    this.addSql(`create table stockbell_preferences (
      user_id varchar(100) not null,
      kind varchar(100) not null,
      channel varchar(20) not null,
      enabled boolean not null,
      updated_at ${timestamp} not null,
      primary key (user_id, kind, channel))`);
    // Email mode, digest hour and time zone; null means "the default" (global hour, host's zone).
    this.addSql(`create table stockbell_user_settings (
      user_id varchar(100) not null primary key,
      email_mode varchar(10) not null,
      digest_hour integer null,
      time_zone varchar(64) null,
      digest_after_id integer not null default 0,
      updated_at ${timestamp} not null)`);
    this.addSql('create index stockbell_user_settings_mode on stockbell_user_settings (email_mode)');
    // user_id null: a shared endpoint set by an admin.
    this.addSql(`create table stockbell_endpoints (
      id ${id},
      user_id varchar(100) null,
      channel varchar(20) not null,
      name varchar(100) not null,
      url varchar(2048) not null,
      secret varchar(200) null,
      created_at ${timestamp} not null,
      updated_at ${timestamp} not null)`);
    this.addSql('create index stockbell_endpoints_user on stockbell_endpoints (user_id)');
    this.addSql(`create table stockbell_deliveries (
      id ${id},
      notification_id integer null,
      user_id varchar(100) not null,
      channel varchar(20) not null,
      endpoint_id integer null,
      kind varchar(100) not null,
      status varchar(10) not null,
      attempts integer not null default 0,
      next_attempt_at ${timestamp} not null,
      lease_until ${timestamp} null,
      last_error varchar(1000) null,
      idempotency_key varchar(200) not null unique,
      payload ${json} null,
      created_at ${timestamp} not null,
      updated_at ${timestamp} not null)`);
    // Claiming: due pending jobs by time; expired leases among the (few) sending ones. The admin log
    // walks the primary key (or this index, for the rare statuses). Each index is paid for on every
    // insert of a 10,000-recipient fan-out, so there is no other.
    this.addSql('create index stockbell_deliveries_due on stockbell_deliveries (status, next_attempt_at)');
    // One digest per user and local day, whatever restarts or instances do.
    this.addSql(`create table stockbell_digests (
      user_id varchar(100) not null,
      local_date varchar(10) not null,
      created_at ${timestamp} not null,
      primary key (user_id, local_date))`);
    this.addSql('create index stockbell_digests_created on stockbell_digests (created_at)');
  }

  override down(): void {
    for (const table of ['digests', 'deliveries', 'endpoints', 'user_settings', 'preferences']) {
      this.addSql(`drop table if exists stockbell_${table}`);
    }
  }
}
