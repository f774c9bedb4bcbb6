/**
 * Every migration, in order. Listed by hand because a library cannot scan its host's folders;
 * the same files run on SQLite and PostgreSQL.
 */
import { Migration20261123000000_initial } from './Migration20261123000000_initial.ts';
import { Migration20261124000000_delivery } from './Migration20261124000000_delivery.ts';
import { Migration20261201000000_entities } from './Migration20261201000000_entities.ts';
import { Migration20261201100000_secret_rotation } from './Migration20261201100000_secret_rotation.ts';
import { Migration20261202000000_inbox_pages } from './Migration20261202000000_inbox_pages.ts';
import { Migration20261203000000_scheduled_runs } from './Migration20261203000000_scheduled_runs.ts';
import { Migration20261203010000_claim_order } from './Migration20261203010000_claim_order.ts';
import { Migration20261204000000_alert_states } from './Migration20261204000000_alert_states.ts';
import { Migration20261205000000_mutes } from './Migration20261205000000_mutes.ts';
import { Migration20261206000000_unread_index } from './Migration20261206000000_unread_index.ts';
import { Migration20261207000000_claim_indexes } from './Migration20261207000000_claim_indexes.ts';

export const migrations = [
  Migration20261123000000_initial,
  Migration20261124000000_delivery,
  Migration20261201000000_entities,
  Migration20261201100000_secret_rotation,
  Migration20261202000000_inbox_pages,
  Migration20261203000000_scheduled_runs,
  Migration20261203010000_claim_order,
  Migration20261204000000_alert_states,
  Migration20261205000000_mutes,
  Migration20261206000000_unread_index,
  Migration20261207000000_claim_indexes,
];
