/**
 * A user's preferences (PRODUCT §2, §5): the kinds × channels matrix with each cell's source, the
 * email mode, digest hour and time zone, and personal chat and webhook endpoints.
 */
import { type Static, Type } from 'typebox';
import { EndpointChannelName, Nullable, RowId } from './common.ts';

export const EndpointId = RowId('endpoint');

export const EmailMode = Type.Enum(['immediate', 'digest', 'off']);
export type EmailMode = Static<typeof EmailMode>;

/** A row of the matrix: a kind of notification, with its label in the server's language. */
export const KindInfo = Type.Object({ id: Type.String(), label: Type.String() });
export type KindInfo = Static<typeof KindInfo>;

/** Where a cell's value comes from: the user's own choice, a role default, or the global default. */
export const CellSource = Type.Enum(['user', 'role', 'global']);
export type CellSource = Static<typeof CellSource>;

export const Cell = Type.Object({ enabled: Type.Boolean(), source: CellSource });
export type Cell = Static<typeof Cell>;

/** kind → channel → value. */
const MatrixOf = <T extends Parameters<typeof Type.Record>[1]>(cell: T) =>
  Type.Record(Type.String({ maxLength: 100 }), Type.Record(Type.String({ maxLength: 20 }), cell));

export const Matrix = MatrixOf(Cell);
/** One layer of switches (global defaults, a role's defaults, a user's overrides): kind → channel → on. */
export const Switches = MatrixOf(Type.Boolean());
export type Switches = Static<typeof Switches>;

/** A cell in a change: on, off, or `null` to clear it (back to the default). */
export const CellSwitch = Type.Union([Type.Boolean(), Type.Null()]);
export type CellSwitch = Static<typeof CellSwitch>;
/** What a change may carry in a cell: a switch, or `{ enabled }` as GET shows it (so a whole view can be sent back). */
export const CellChange = Type.Union([Type.Boolean(), Type.Null(), Type.Object({ enabled: Type.Boolean() }, { additionalProperties: true })]);
export type CellChange = Static<typeof CellChange>;
export const MatrixChange = MatrixOf(CellChange);
export type MatrixChange = Static<typeof MatrixChange>;

export const EmailSettings = Type.Object({
  mode: EmailMode,
  /** 0–23, in `timeZone`. */
  digestHour: Type.Integer(),
  /** IANA name, e.g. `Europe/Berlin`. */
  timeZone: Type.String(),
});
export type EmailSettings = Static<typeof EmailSettings>;

/** `HH:MM`, 24-hour, in the user's time zone. */
export const ClockTime = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'a time of day, HH:MM' });

/**
 * When external channels hold a user's notifications (never the inbox): a nightly window that may
 * cross midnight (`19:00`–`07:00`), and/or all of Saturday and Sunday, in the user's time zone.
 * What is held is sent when the window opens; kinds an admin marked urgent pass through.
 */
export const QuietHours = Type.Object({
  nights: Nullable(Type.Object({ from: ClockTime, to: ClockTime }, { additionalProperties: false })),
  weekends: Type.Boolean(),
}, { additionalProperties: false });
export type QuietHours = Static<typeof QuietHours>;

/** A chat or webhook endpoint; the URL comes back masked (it is a secret). */
export const Endpoint = Type.Object({
  id: Type.String(),
  channel: EndpointChannelName,
  name: Type.String(),
  /** Masked: scheme, host and the last characters. */
  url: Type.String(),
});
export type Endpoint = Static<typeof Endpoint>;

/** A webhook endpoint's new signing secret, shown this once (the old one keeps signing for a day). */
export const RotatedSecret = Type.Object({ secret: Type.String() });

/** The answer to adding an endpoint: a webhook's signing secret, shown this once. */
export const CreatedEndpoint = Type.Object({ ...Endpoint.properties, secret: Nullable(Type.String()) });
export type CreatedEndpoint = Static<typeof CreatedEndpoint>;

export const SharedEndpointName = Type.Object({ id: Type.String(), channel: EndpointChannelName, name: Type.String() });

export const Preferences = Type.Object({
  kinds: Type.Array(KindInfo),
  channels: Type.Array(Type.String()),
  matrix: Matrix,
  email: EmailSettings,
  endpoints: Type.Array(Endpoint),
  /** Where an enabled chat channel also posts: the administrators' shared endpoints (names only). */
  sharedEndpoints: Type.Array(SharedEndpointName),
  quietHours: QuietHours,
  /** Kinds an admin marked urgent: they bypass quiet hours. */
  urgentKinds: Type.Array(Type.String()),
});
export type Preferences = Static<typeof Preferences>;

export const EmailSettingsChange = Type.Object({
  mode: Type.Optional(EmailMode),
  digestHour: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 23 }))),
  timeZone: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 64 }))),
}, { additionalProperties: false });
export type EmailSettingsChange = Static<typeof EmailSettingsChange>;

export const PreferencesPatch = Type.Object({
  matrix: Type.Optional(MatrixChange),
  email: Type.Optional(EmailSettingsChange),
  /** The whole of it, or null for none. */
  quietHours: Type.Optional(Nullable(QuietHours)),
  // What GET returns besides: read-only, accepted so a whole view can be sent back, and ignored.
  kinds: Type.Optional(Type.Unknown()),
  channels: Type.Optional(Type.Unknown()),
  endpoints: Type.Optional(Type.Unknown()),
  sharedEndpoints: Type.Optional(Type.Unknown()),
  urgentKinds: Type.Optional(Type.Unknown()),
}, { additionalProperties: false });
export type PreferencesPatch = Static<typeof PreferencesPatch>;

export const NewEndpoint = Type.Object({
  channel: EndpointChannelName,
  url: Type.String({ minLength: 1, maxLength: 2048 }),
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  /** Personal webhooks only: `false` for no signing secret (signed by default). */
  signed: Type.Optional(Type.Boolean()),
}, { additionalProperties: false });
export type NewEndpoint = Static<typeof NewEndpoint>;

export const EndpointParams = Type.Object({ id: EndpointId });

export const TestResult = Type.Object({ ok: Type.Boolean(), error: Nullable(Type.String()) });
export type TestResult = Static<typeof TestResult>;
