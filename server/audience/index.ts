/** Who is told: ancestors from the host in batch, one subscription query, mutes, reasons, canView, active users. */
export { categoryChain, categoryPath, loadCategories, loadPartTree, type PartTree, templateChain } from './ancestors.ts';
export { addRule, type Coverage, covers, emptyCoverage, type PathLink, pathOf, type Rule } from './coverage.ts';
export { offer, RANK, type RankedReason, type Reason } from './reasons.ts';
export { canBeTold, permitted, type Recipient, toRecipients } from './recipients.ts';
export { responsibleFor } from './responsible.ts';
export { coverageOn, findSubscribers, rulesOn, type StoredRule, type Watched } from './subscribers.ts';
