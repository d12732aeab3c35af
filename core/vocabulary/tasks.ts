/** Kinds and statuses of tasks, confirmations and curators' visits. */
/** "each school of the audience confirms once" or "each person confirms". */
export const taskAssignments = ['school', 'person'] as const;
export type TaskAssignment = (typeof taskAssignments)[number];
/** What a confirmation must carry: nothing, a comment, a link, a photo, a document, any of these, or a curator's visit. */
export const evidenceKinds = ['none', 'text', 'link', 'photo', 'document', 'any', 'visit'] as const;
export type EvidenceKind = (typeof evidenceKinds)[number];
export const taskVerifiers = ['none', 'curator', 'coordinator'] as const;
export type TaskVerifier = (typeof taskVerifiers)[number];
export type TaskStatus = 'draft' | 'published' | 'closed';
/** Stored statuses; "overdue" is not stored: an open one (not started, returned) past the due time shows as overdue. */
export const confirmationStatuses = ['pending', 'confirmed', 'problem', 'verified', 'returned'] as const;
export type ConfirmationStatus = (typeof confirmationStatuses)[number];

/** What a curator's visit to a school was. */
export const visitKinds = ['onsite', 'online', 'methodical', 'monitoring'] as const;
export type VisitKind = (typeof visitKinds)[number];
