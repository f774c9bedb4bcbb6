/**
 * The receiving platforms' own validators, loaded once for the tests: the Adaptive Cards 1.5 JSON
 * schema (ajv, draft-06) and the `adaptivecards` SDK's parser at the card's declared version.
 *
 * The SDK is loaded from its UMD bundle: its `lib/` build is ES modules with extension-less imports
 * that Node cannot resolve. Parsing needs no DOM (only rendering does), so neither jsdom nor a
 * browser is involved.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv } from 'ajv';
import draft06 from 'ajv/dist/refs/json-schema-draft-06.json' with { type: 'json' };

const require = createRequire(import.meta.url);
const AC = require('adaptivecards/dist/adaptivecards.js') as typeof import('adaptivecards');

const schema = JSON.parse(readFileSync(new URL('../fixtures/adaptive-card-1.5.schema.json', import.meta.url), 'utf8'));
// The file names itself with draft-04's `id`; ajv 8 reads `$id`.
schema.$id = schema.id;
delete schema.id;
const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addMetaSchema(draft06);
const validateSchema = ajv.compile(schema);

/** Schema errors for a card (`msteams` is Teams' extension, which the schema does not know). */
export function cardSchemaErrors(card: Record<string, unknown>): string[] {
  const { msteams: _teams, ...rest } = card;
  return validateSchema(rest) ? [] : (validateSchema.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

/** What the SDK reports when it parses the card at the version the card declares. */
export function cardParserEvents(card: Record<string, unknown>): string[] {
  const context = new AC.SerializationContext();
  const declared = AC.Version.parse(String(card.version), context);
  if (!declared?.isValid) return [`version ${String(card.version)} is not a valid version`];
  context.targetVersion = declared;
  new AC.AdaptiveCard().parse(card, context);
  return Array.from({ length: context.eventCount }, (_, i) => context.getEventAt(i).message);
}
