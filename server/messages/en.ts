/**
 * English: every server-side string of Stockbell. The reference catalog: other languages copy this
 * file, translate the strings and register themselves in ./index.ts (docs/channels.md).
 */
import type { Catalog } from './types.ts';

const plural = (n: number, one: string, other: string) => (n === 1 ? one : other);

export const en: Catalog = {
  locale: 'en',
  kinds: {
    'part.low_stock': (d, f) => ({
      subject: `Low stock: ${d.partName}`,
      body: `${d.partName} has ${f.number(d.stock)} in stock, below its minimum of ${f.number(d.minimum)}.`,
    }),
    'build.stock_short': (d, f) => ({
      subject: `${d.reference}: not enough stock for ${d.partName}`,
      body: [
        `Build order ${d.reference} (${f.number(d.quantity)} × ${d.partName}) is short of:`,
        ...d.lines.map(
          (l) =>
            `- ${l.partName}: ${f.number(l.stock)} in stock / ${f.number(l.required)} required, minimum ${f.number(l.minimum)}`,
        ),
      ].join('\n'),
    }),
    'build.created': (d, f) => ({
      subject: `New build order ${d.reference}`,
      body:
        `Build of ${f.number(d.quantity)} × ${d.partName}` + (d.createdByName ? `, created by ${d.createdByName}.` : '.'),
    }),
  },
  resolved: {
    stock: (stock, minimum) => `Resolved: back to ${stock} (min ${minimum})`,
    build: {
      covered: 'Resolved: every part is in stock again',
      completed: 'Resolved: the build order was completed',
      cancelled: 'Resolved: the build order was cancelled',
    },
    unknown: 'Resolved',
  },
  resolvedTitle: (count) => `Resolved since your last digest (${count})`,
  untitled: (kind) => `Notification (${kind})`,
  kindTitles: {
    'part.low_stock': 'Low stock',
    'build.stock_short': 'Build orders short of stock',
    'build.created': 'New build orders',
    message: 'Messages',
  },
  otherKindTitle: (kind) => `Other notifications (${kind})`,
  reasons: {
    part: (name) => `subscribed to ${name}`,
    template: (name) => `subscribed to template ${name}`,
    category: (path) => `subscribed to ${path.join(' › ')}`,
    responsible: (reference) => `responsible for ${reference}`,
    role: (role, reference) => `your role ${role} is responsible for ${reference}`,
    direct: () => 'sent to you',
    roleMessage: (role) => `sent to role ${role}`,
  },
  email: {
    part: 'Part',
    inStock: 'In stock',
    minimum: 'Minimum',
    required: 'Required',
    buildOrder: 'Build order',
    assembly: 'Assembly',
    quantity: 'Quantity',
    createdBy: 'Created by',
    shortLinesCaption: 'Parts short of stock',
    open: {
      'part.low_stock': 'View part',
      'build.stock_short': 'View build order',
      'build.created': 'View build order',
      default: 'Open',
    },
    reasonLine: (reason) => `Why you got this: ${reason}.`,
    footer: 'Sent by Stockbell.',
    settings: 'Notification settings',
    unsubscribe: 'Unsubscribe',
    inbox: 'Open your inbox',
    fullMessage: 'See the full message',
  },
  digest: {
    subject: (count) => `Your daily digest: ${count} ${plural(count, 'notification', 'notifications')}`,
    greeting: (name) => (name ? `Hello ${name},` : 'Hello,'),
    intro: (count) => `here ${plural(count, 'is the notification', 'are the notifications')} since your last digest.`,
    groupTitle: (title, count) => `${title} (${count})`,
    more: (count) => `and ${count} more in your inbox`,
  },
  unsubscribe: {
    title: 'Unsubscribe',
    kindEmail: (kindTitle) => `email about “${kindTitle}”`,
    digestEmail: 'the daily digest email',
    confirm: (what) => `Turn off ${what}?`,
    explain: 'Nothing changes until you press the button. Everything else you receive stays as it is.',
    button: 'Turn it off',
    done: (what) => `Done: ${what} is turned off.`,
    undo: 'To turn it back on, open your notification settings.',
    invalid: 'This unsubscribe link is not valid, or it has expired.',
    invalidHelp: 'You can still choose what you receive in your notification settings.',
  },
  chat: {
    open: 'Open',
    fullMessage: 'See the full message',
  },
  testMessage: {
    subject: 'Stockbell test message',
    body: (endpointName) => `This ${endpointName} endpoint works: the notifications you choose for it will arrive here.`,
    reason: 'you asked for a test message',
  },
};
