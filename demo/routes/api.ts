/**
 * The demo's JSON API: read a part, set its stock or minimum, create a build order. Every route needs
 * a signed-in user (401), validates strictly (400 naming the field; JSON types are not coerced) and
 * answers through a response schema.
 */
import { type FastifyPluginAsyncTypebox, Type, TypeBoxValidatorCompiler } from '@fastify/type-provider-typebox';
import { newBuild, type PartFieldAction, setMinimum, setStock } from '../actions.ts';
import { NotFound } from '../errors.ts';
import { partById, type Part } from '../store/parts.ts';
import { partUrl } from '../urls.ts';
import type { RouteContext } from './context.ts';
import { jsonErrors } from './json-errors.ts';
import { requireUser } from './require-user.ts';
import { IdParams, newBuildFields, quantityBody } from './schemas.ts';

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

  /** A route that sets one quantity of a part and answers with the part. */
  const partRoute = <K extends string>(method: 'POST' | 'PATCH', url: string, field: K, action: PartFieldAction) =>
    app.route({
      method,
      url,
      schema: { params: IdParams, body: quantityBody(field, { additionalProperties: false }), response: { 200: PartJson } },
      handler: async (request) => {
        // The schema above guarantees the one field (TypeBox cannot type a generic key).
        const value = (request.body as Record<K, number>)[field];
        return toJson(await action(ctx.actions, userOf(request), request.params.id, value));
      },
    });
  partRoute('POST', '/api/parts/:id/stock', 'quantity', setStock);
  partRoute('PATCH', '/api/parts/:id', 'minimumStock', setMinimum);

  app.post(
    '/api/builds',
    {
      schema: {
        body: Type.Object(newBuildFields, { additionalProperties: false }),
        response: { 201: Type.Object({ id: Type.Integer(), reference: Type.String() }) },
      },
    },
    async (request, reply) => {
      const build = await newBuild(ctx.actions, userOf(request), request.body);
      return reply.code(201).send(build);
    },
  );
};
