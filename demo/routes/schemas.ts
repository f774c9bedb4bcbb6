/**
 * The demo's input shapes, declared once for its JSON API, its page forms and its pages. The API
 * refuses unknown fields; the forms take the same fields (a form may carry extras such as `next`).
 */
import { Type } from '@fastify/type-provider-typebox';

export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

/** Stock and minimum: non-negative, decimals allowed (InvenTree allows fractional quantities). */
export const Quantity = Type.Number({ minimum: 0, maximum: 1e12 });

/** A body holding one quantity under `name` (`{ quantity }`, `{ minimumStock }`). */
export const quantityBody = (name: string, options: { additionalProperties?: false } = {}) =>
  Type.Object({ [name]: Quantity }, options);

/** A new build order: the assembly, how many, and who is responsible (usernames). */
export const newBuildFields = {
  partId: Type.Integer({ minimum: 1 }),
  quantity: Type.Integer({ minimum: 1, maximum: 1e9 }),
  responsible: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 150 }), { maxItems: 50 })),
};
