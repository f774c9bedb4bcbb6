/**
 * The demo's JSON API: read a part, set its stock or minimum, create a build order. Every route needs
 * a signed-in user (401), validates strictly (400 naming the field; JSON types are not coerced) and
 * answers through a response schema.
 */
import { type FastifyPluginAsyncTypebox, Type, TypeBoxValidatorCompiler } from '@fastify/type-provider-typebox';
import { newBuild, setMinimum, setStock } from '../actions.ts';
import { NotFound } from '../errors.ts';
import { partById, type Part } from '../store/parts.ts';
import { partUrl } from '../urls.ts';
import type { RouteContext } from './context.ts';
import { jsonErrors } from './json-errors.ts';
import { requireUser } from './require-user.ts';

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
/** Stock and minimum: non-negative, decimals allowed (InvenTree allows fractional quantities). */
const Quantity = Type.Number({ minimum: 0, maximum: 1e12 });

const PartJson = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  categoryId: Type.Union([Type.Integer(), Type.Null()]),
  variantOf: Type.Union([Type.Integer(), Type.Null()]),
  minimumStock: Type.Number(),
  ownStock: Type.Number(),
  stock: Type.Number({ description: 'own stock plus every variant’s (what counts against the minimum)' }),
  active: Type.Boolean(),
  isTemplate: Type.Boolean(),
  assembly: Type.Boolean(),
  url: Type.String(),
});

const toJson = (part: Part) => ({
  id: part.id,
  name: part.name,
  categoryId: part.categoryId,
  variantOf: part.variantOf,
  minimumStock: part.minimumStock,
  ownStock: part.ownStock,
  stock: part.stock,
  active: part.active,
  isTemplate: part.isTemplate,
  assembly: part.assembly,
  url: partUrl(part.id),
});

export const apiRoutes: FastifyPluginAsyncTypebox<{ ctx: RouteContext }> = async (app, { ctx }) => {
  app.setValidatorCompiler(TypeBoxValidatorCompiler);
  jsonErrors(app);
  const userOf = requireUser(app, ctx);

  app.get(
    '/api/parts/:id',
    { schema: { params: IdParams, response: { 200: PartJson } } },
    async (request) => {
      const part = await partById(ctx.store, request.params.id);
      if (!part) throw new NotFound(`part ${request.params.id}`);
      return toJson(part);
    },
  );

  app.post(
    '/api/parts/:id/stock',
    {
      schema: {
        params: IdParams,
        body: Type.Object({ quantity: Quantity }, { additionalProperties: false }),
        response: { 200: PartJson },
      },
    },
    async (request) => toJson(await setStock(ctx.actions, userOf(request), request.params.id, request.body.quantity)),
  );

  app.patch(
    '/api/parts/:id',
    {
      schema: {
        params: IdParams,
        body: Type.Object({ minimumStock: Quantity }, { additionalProperties: false }),
        response: { 200: PartJson },
      },
    },
    async (request) =>
      toJson(await setMinimum(ctx.actions, userOf(request), request.params.id, request.body.minimumStock)),
  );

  app.post(
    '/api/builds',
    {
      schema: {
        body: Type.Object(
          {
            partId: Type.Integer({ minimum: 1 }),
            quantity: Type.Integer({ minimum: 1, maximum: 1e9 }),
            responsible: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 150 }), { maxItems: 50 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ id: Type.Integer(), reference: Type.String() }) },
      },
    },
    async (request, reply) => {
      const build = await newBuild(ctx.actions, userOf(request), request.body);
      return reply.code(201).send(build);
    },
  );
};
