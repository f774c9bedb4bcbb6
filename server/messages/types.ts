/**
 * The shapes messages are rendered from and to. A notification stores facts (kind, data, reason);
 * text is made from them per locale when shown or sent, never stored. The stored shapes are the
 * contract's (server/contract/notification-data.ts).
 */
import type { BuildCreatedData, LowStockData, StockShortData } from '../contract/index.ts';

/** A notification row as the renderer needs it (one recipient's copy). */
export interface StoredNotification {
  id: number | string;
  kind: string;
  data: Record<string, unknown>;
  reason: Record<string, unknown>;
  createdAt: Date;
  targetKind: string | null;
  targetId: string | null;
}

/** An alert's stored state (null for kinds that are not alerts). */
export interface StoredAlert {
  alertState?: string | null | undefined;
  resolvedAt?: Date | null | undefined;
  /** `{ stock, minimum }` for a part, `{ reason }` for a build. */
  resolution?: Record<string, unknown> | null | undefined;
}

/** Plain text, unescaped: every channel escapes it its own way at the edge. */
export interface RenderedNotification {
  subject: string;
  body: string;
  reason: string;
  /** Where the notification leads, as stored (host-relative or absolute); null when none or unsafe. */
  link: string | null;
  /** What resolved an alert ("Resolved: back to 120 (min 100)"); null while open and for other kinds. */
  status: string | null;
}

export type { BuildCreatedData, LowStockData, Reason, ShortLine, StockShortData } from '../contract/index.ts';

/** `message` (and any host kind) data, read: its own subject, body and link. */
export interface MessageData {
  subject: string;
  body: string;
  link: string | null;
}

/** Locale-aware formatting handed to a catalog's functions. */
export interface Formatters {
  /** A quantity in the catalog's locale; `?` for a missing or non-finite value. */
  number(value: number | null): string;
}

export interface SubjectAndBody {
  subject: string;
  body: string;
}

/**
 * Every user-visible string of the server side of Stockbell in one language. A translation is a
 * file exporting one of these (see docs/channels.md); the type tells a translator what is missing.
 * Functions receive raw (unescaped) values and return plain text.
 */
export interface Catalog {
  /** BCP 47 tag of this catalog, e.g. `en` or `de`. */
  locale: string;
  kinds: {
    'part.low_stock': (d: LowStockData, f: Formatters) => SubjectAndBody;
    'build.stock_short': (d: StockShortData, f: Formatters) => SubjectAndBody;
    'build.created': (d: BuildCreatedData, f: Formatters) => SubjectAndBody;
  };
  /** What resolved an alert, said instead of the alarm once it no longer holds. */
  resolved: {
    stock: (stock: string, minimum: string) => string;
    /** A build short of stock: `covered`, `completed`, `cancelled`. */
    build: Record<string, string>;
    /** Resolved, by what is not known (alerts resolved before states were recorded). */
    unknown: string;
  };
  /** The digest's section of alerts that resolved since the last one. */
  resolvedTitle: (count: number) => string;
  /** Subject for a host kind whose data carries no subject. */
  untitled: (kind: string) => string;
  /** Headings for grouping by kind (digest). */
  kindTitles: Record<string, string>;
  /** Heading for a host kind without an entry in kindTitles. */
  otherKindTitle: (kind: string) => string;
  reasons: {
    part: (name: string) => string;
    template: (name: string) => string;
    category: (path: string[]) => string;
    responsible: (reference: string) => string;
    role: (role: string, reference: string) => string;
    direct: () => string;
    roleMessage: (role: string) => string;
  };
  email: {
    part: string;
    inStock: string;
    minimum: string;
    required: string;
    buildOrder: string;
    assembly: string;
    quantity: string;
    createdBy: string;
    shortLinesCaption: string;
    /** Button / link text per kind; `default` for the rest. */
    open: Record<string, string> & { default: string };
    reasonLine: (reason: string) => string;
    footer: string;
    /** Footer links: the settings page, the one-click unsubscribe page, the inbox. */
    settings: string;
    unsubscribe: string;
    inbox: string;
    /** After a body cut to keep the mail small: the link to the whole of it in the inbox. */
    fullMessage: string;
  };
  digest: {
    subject: (count: number) => string;
    greeting: (name: string) => string;
    intro: (count: number) => string;
    groupTitle: (title: string, count: number) => string;
    /** Under a group cut to its first items: the rest are in the inbox. */
    more: (count: number) => string;
  };
  /** The page a one-click unsubscribe link opens. `what` is `kindEmail(…)` or `digestEmail`. */
  unsubscribe: {
    title: string;
    kindEmail: (kindTitle: string) => string;
    digestEmail: string;
    confirm: (what: string) => string;
    explain: string;
    button: string;
    done: (what: string) => string;
    undo: string;
    invalid: string;
    invalidHelp: string;
  };
  chat: {
    /** Label of the link/button to the notification in chat messages. */
    open: string;
    /** After a message cut to fit a channel's limits: the link to the whole of it in the inbox. */
    fullMessage: string;
  };
  /** The message "Send test" sends to an endpoint. */
  testMessage: {
    subject: string;
    body: (endpointName: string) => string;
    reason: string;
  };
}
