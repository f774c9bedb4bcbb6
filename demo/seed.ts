/**
 * Seeds the demo tables from InvenTree's demo dataset (demo/data/inventree-demo.json, MIT).
 * Runs once, inside the transaction that creates the database (see db.ts).
 */
import { readFileSync } from 'node:fs';
import type { DemoDb } from './db.ts';

interface Dataset {
  categories: { id: number; name: string; parent: number | null }[];
  parts: {
    id: number;
    name: string;
    IPN: string | null;
    category: number | null;
    variant_of: number | null;
    minimum_stock: number;
    active: boolean;
    is_template: boolean;
    assembly: boolean;
    component: boolean;
  }[];
  stock: Record<string, { in_stock: number }>;
  builds: {
    id: number;
    reference: string;
    part: number;
    quantity: number;
    completed: number;
    status_text: string;
    creation_date: string;
    target_date: string | null;
    issued_by: number | null;
    responsible: number | null;
  }[];
  bom_items: {
    id: number;
    part: number;
    sub_part: number;
    quantity: number;
    optional: boolean;
    consumable: boolean;
    allow_variants: boolean;
  }[];
  users: { id: number; username: string; is_superuser: boolean; is_active: boolean; groups: number[] }[];
  groups: { id: number; name: string }[];
  owners: { id: number; type: 'user' | 'group'; target: number }[];
}

export const DATASET_URL = new URL('./data/inventree-demo.json', import.meta.url);

/** Groups whose members may not view build orders or change stock: InvenTree's read-only role. */
const READ_ONLY_GROUPS = new Set(['readers']);

/** "all access" → "all-access": a group's name as a Stockbell role. */
export function roleName(groupName: string): string {
  return groupName
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

export function loadDataset(): Dataset {
  return JSON.parse(readFileSync(DATASET_URL, 'utf8')) as Dataset;
}

export function seedFromDataset(db: DemoDb, data: Dataset = loadDataset()): void {
  const flag = (value: boolean) => (value ? 1 : 0);

  // Parents before children: insert categories with parents unset, then link them.
  const insertCategory = db.prepare('insert into categories (id, name) values (?, ?)');
  const linkCategory = db.prepare('update categories set parent_id = ? where id = ?');
  for (const c of data.categories) insertCategory.run(c.id, c.name);
  for (const c of data.categories) if (c.parent !== null) linkCategory.run(c.parent, c.id);

  const insertPart = db.prepare(
    `insert into parts (id, name, ipn, category_id, minimum_stock, own_stock, active, is_template, assembly, component)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const linkVariant = db.prepare('update parts set variant_of = ? where id = ?');
  for (const p of data.parts) {
    const own = data.stock[String(p.id)]?.in_stock ?? 0;
    insertPart.run(
      p.id,
      p.name,
      p.IPN,
      p.category,
      p.minimum_stock,
      own,
      flag(p.active),
      flag(p.is_template),
      flag(p.assembly),
      flag(p.component),
    );
  }
  for (const p of data.parts) if (p.variant_of !== null) linkVariant.run(p.variant_of, p.id);

  const insertGroup = db.prepare(
    'insert into groups (id, name, role, can_view_builds, can_edit_stock) values (?, ?, ?, ?, ?)',
  );
  for (const g of data.groups) {
    const readOnly = READ_ONLY_GROUPS.has(roleName(g.name));
    insertGroup.run(g.id, g.name, roleName(g.name), flag(!readOnly), flag(!readOnly));
  }

  const insertUser = db.prepare(
    `insert into users (id, username, name, email, is_admin, active, time_zone, locale)
     values (?, ?, ?, ?, ?, ?, null, 'en')`,
  );
  const insertMembership = db.prepare('insert into user_groups (user_id, group_id) values (?, ?)');
  for (const u of data.users) {
    insertUser.run(u.id, u.username, u.username, `${u.username}@example.test`, flag(u.is_superuser), flag(u.is_active));
    for (const g of u.groups) insertMembership.run(u.id, g);
  }

  const insertOwner = db.prepare('insert into owners (id, user_id, group_id) values (?, ?, ?)');
  for (const o of data.owners) {
    insertOwner.run(o.id, o.type === 'user' ? o.target : null, o.type === 'group' ? o.target : null);
  }

  const insertBuild = db.prepare(
    `insert into builds (id, reference, part_id, quantity, completed, status, created_on, target_date, issued_by)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertResponsible = db.prepare('insert into build_responsible (build_id, owner_id) values (?, ?)');
  for (const b of data.builds) {
    insertBuild.run(
      b.id,
      b.reference,
      b.part,
      b.quantity,
      b.completed,
      b.status_text,
      b.creation_date,
      b.target_date,
      b.issued_by,
    );
    if (b.responsible !== null) insertResponsible.run(b.id, b.responsible);
  }

  const insertBom = db.prepare(
    `insert into bom_items (id, part_id, sub_part_id, quantity, optional, consumable, allow_variants)
     values (?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const line of data.bom_items) {
    insertBom.run(
      line.id,
      line.part,
      line.sub_part,
      line.quantity,
      flag(line.optional),
      flag(line.consumable),
      flag(line.allow_variants),
    );
  }
}
