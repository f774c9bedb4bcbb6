/**
 * Seeds the demo tables from InvenTree's demo dataset (demo/data/inventree-demo.json, MIT).
 * Runs once, inside the transaction that prepares the database (see db.ts).
 */
import { readFileSync } from 'node:fs';
import { type DemoStore, flag } from './store/tables.ts';

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

/** Writes the dataset into empty tables, a statement per table (run once, by `openDemoStore`). */
export async function seedFromDataset(store: DemoStore, data: Dataset = loadDataset()): Promise<void> {
  const { db } = store;
  // The dataset lists parents before children, so one multi-row INSERT satisfies each self-reference.
  await db
    .insertInto('categories')
    .values(data.categories.map((c) => ({ id: c.id, name: c.name, parent_id: c.parent })))
    .execute();
  await db
    .insertInto('parts')
    .values(
      data.parts.map((p) => ({
        id: p.id,
        name: p.name,
        ipn: p.IPN,
        category_id: p.category,
        variant_of: p.variant_of,
        minimum_stock: p.minimum_stock,
        own_stock: data.stock[String(p.id)]?.in_stock ?? 0,
        active: flag(p.active),
        is_template: flag(p.is_template),
        assembly: flag(p.assembly),
        component: flag(p.component),
      })),
    )
    .execute();
  await db
    .insertInto('groups')
    .values(
      data.groups.map((g) => {
        const mayChange = flag(!READ_ONLY_GROUPS.has(roleName(g.name)));
        return { id: g.id, name: g.name, role: roleName(g.name), can_view_builds: mayChange, can_edit_stock: mayChange };
      }),
    )
    .execute();
  await db
    .insertInto('users')
    .values(
      data.users.map((u) => ({
        id: u.id,
        username: u.username,
        name: u.username,
        email: `${u.username}@example.test`,
        is_admin: flag(u.is_superuser),
        active: flag(u.is_active),
        time_zone: null,
        locale: 'en',
      })),
    )
    .execute();
  const memberships = data.users.flatMap((u) => u.groups.map((g) => ({ user_id: u.id, group_id: g })));
  if (memberships.length > 0) await db.insertInto('user_groups').values(memberships).execute();
  await db
    .insertInto('owners')
    .values(
      data.owners.map((o) => ({
        id: o.id,
        user_id: o.type === 'user' ? o.target : null,
        group_id: o.type === 'group' ? o.target : null,
      })),
    )
    .execute();
  await db
    .insertInto('builds')
    .values(
      data.builds.map((b) => ({
        id: b.id,
        reference: b.reference,
        part_id: b.part,
        quantity: b.quantity,
        completed: b.completed,
        status: b.status_text,
        created_on: b.creation_date,
        target_date: b.target_date,
        issued_by: b.issued_by,
      })),
    )
    .execute();
  const responsible = data.builds.flatMap((b) => (b.responsible === null ? [] : [{ build_id: b.id, owner_id: b.responsible }]));
  if (responsible.length > 0) await db.insertInto('build_responsible').values(responsible).execute();
  await db
    .insertInto('bom_items')
    .values(
      data.bom_items.map((line) => ({
        id: line.id,
        part_id: line.part,
        sub_part_id: line.sub_part,
        quantity: line.quantity,
        optional: flag(line.optional),
        consumable: flag(line.consumable),
        allow_variants: flag(line.allow_variants),
      })),
    )
    .execute();
}
