/**
 * What a notification stores (PRODUCT "Messages are data"): its facts per kind and why the user
 * was told. Rendered into text per recipient and channel when shown or sent, never stored as text.
 * Stored rows may come from an older or newer version, or from a host: `parseStored` reads them
 * leniently (a missing or odd field becomes its default), so one odd row cannot break an inbox
 * page or a delivery.
 */
import { type Static, type TSchema, Type } from 'typebox';
import { Value } from 'typebox/value';
import { compiled } from './problems.ts';

const Text = Type.String({ default: '' });
/** A quantity; null when missing or not a number (rendered as `?`). */
const Quantity = Type.Union([Type.Number(), Type.Null()], { default: null });
/** A link as stored: host-relative or absolute; the link rule applies when it is read. */
const Link = Type.Union([Type.String(), Type.Null()], { default: null });

export const LowStockData = Type.Object({
  partId: Text,
  partName: Text,
  stock: Quantity,
  minimum: Quantity,
  url: Link,
});
export type LowStockData = Static<typeof LowStockData>;

export const ShortLine = Type.Object({
  partId: Text,
  partName: Text,
  required: Quantity,
  stock: Quantity,
  minimum: Quantity,
  url: Link,
});
export type ShortLine = Static<typeof ShortLine>;

const BuildFacts = {
  buildId: Text,
  reference: Text,
  partId: Text,
  partName: Text,
  quantity: Quantity,
  url: Link,
};

export const StockShortData = Type.Object({ ...BuildFacts, lines: Type.Array(ShortLine, { default: [] }) });
export type StockShortData = Static<typeof StockShortData>;

export const BuildCreatedData = Type.Object({ ...BuildFacts, createdByName: Type.Union([Type.String(), Type.Null()], { default: null }) });
export type BuildCreatedData = Static<typeof BuildCreatedData>;

/** `message` and host kinds: their own text (`title` and `url` are accepted as aliases). */
export const MessageData = Type.Object({
  subject: Type.Optional(Type.String()),
  title: Type.Optional(Type.String()),
  body: Type.Optional(Type.String()),
  link: Type.Optional(Link),
  url: Type.Optional(Link),
});
export type MessageData = Static<typeof MessageData>;

/** Why a user was told, kept as data and rendered per locale. */
export const Reason = Type.Union([
  Type.Object({ type: Type.Literal('part'), name: Text }),
  Type.Object({ type: Type.Literal('template'), name: Text }),
  Type.Object({ type: Type.Literal('category'), path: Type.Array(Type.String(), { default: [] }) }),
  Type.Object({ type: Type.Literal('responsible'), reference: Text }),
  Type.Object({ type: Type.Literal('role'), role: Text, reference: Text }),
  Type.Object({ type: Type.Literal('direct') }),
  Type.Object({ type: Type.Literal('role-message'), role: Text }),
]);
export type Reason = Static<typeof Reason>;

/**
 * Reads stored JSON as `schema` says: a valid value is returned as it is (no copy: callers must not
 * mutate it), an odd one converted (numbers in text become numbers) and repaired (what is missing or
 * wrong takes its default). The usual, valid case costs one compiled check (every inbox page
 * renders twenty of these).
 */
export function parseStored<T extends TSchema>(schema: T, value: unknown): Static<T> {
  if (compiled(schema).Check(value)) return value as Static<T>;
  const converted = Value.Convert(schema, Value.Clone(value ?? {}));
  return (Value.Check(schema, converted) ? converted : Value.Repair(schema, converted)) as Static<T>;
}

/** A stored reason, or null when it is not one this version knows (it then renders as nothing). */
export function parseReason(value: unknown): Reason | null {
  if (compiled(Reason).Check(value)) return value as Reason;
  const type = (value as { type?: unknown } | null)?.type;
  const variant = Reason.anyOf.find((v) => v.properties.type.const === type);
  return variant ? (parseStored(variant, value) as Reason) : null;
}

