/** Messages of the review workflow, consultation, audit trail and memo (issue 6). Keys are merged into one table in `../index.ts`: keep them unique. */
export const th = {};

export const en: Record<keyof typeof th, string> = {};
