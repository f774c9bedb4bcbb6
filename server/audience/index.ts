/** Who is told: ancestors from the host in batch, one subscription query, reasons, canView, active users. */
export { categoryChain, categoryPath, loadCategories, loadPartTree, type PartTree, templateChain } from './ancestors.ts';
export { offer, RANK, type RankedReason, type Reason } from './reasons.ts';
export { type Recipient, toRecipients } from './recipients.ts';
export { findSubscribers, type Watched } from './subscribers.ts';
