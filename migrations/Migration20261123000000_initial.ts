import { Migration } from '@mikro-orm/migrations';
import { dialectOf } from './dialect.ts';

/** Events, notifications (one row per recipient), subscriptions, low-stock state, settings. */
export class Migration20261123000000_initial extends Migration {
  override name = 'Migration20261123000000_initial';

  override up(): void {
    const { id, timestamp, json } = dialectOf(this);
    this.addSql(`create table stockbell_events (
      id ${id},
      key varchar(200) not null unique,
      type varchar(40) not null,
      payload ${json} not null,
      created_at ${timestamp} not null)`);
    this.addSql(`create table stockbell_notifications (
      id ${id},
      event_id bigint not null,
      user_id varchar(100) not null,
      kind varchar(100) not null,
      target_kind varchar(20) null,
      target_id varchar(100) null,
      data ${json} not null,
      reason ${json} not null,
      locale varchar(35) null,
      created_at ${timestamp} not null,
      read_at ${timestamp} null)`);
    this.addSql('create index stockbell_notifications_user_read_id on stockbell_notifications (user_id, read_at, id)');
    this.addSql('create index stockbell_notifications_created on stockbell_notifications (created_at)');
    // Other instances read an event's rows back to push them to the users connected there.
    this.addSql('create index stockbell_notifications_event on stockbell_notifications (event_id)');
    this.addSql(`create table stockbell_subscriptions (
      id ${id},
      user_id varchar(100) not null,
      target_kind varchar(20) not null,
      target_id varchar(100) not null,
      created_at ${timestamp} not null,
      constraint stockbell_subscriptions_unique unique (user_id, target_kind, target_id))`);
    this.addSql('create index stockbell_subscriptions_target on stockbell_subscriptions (target_kind, target_id)');
    this.addSql(`create table stockbell_part_state (
      part_id varchar(100) not null primary key,
      low boolean not null,
      updated_at ${timestamp} not null)`);
    this.addSql(`create table stockbell_settings (
      key varchar(100) not null primary key,
      value ${json} not null,
      updated_at ${timestamp} not null)`);
  }

  override down(): void {
    for (const table of ['settings', 'part_state', 'subscriptions', 'notifications', 'events']) {
      this.addSql(`drop table if exists stockbell_${table}`);
    }
  }
}
