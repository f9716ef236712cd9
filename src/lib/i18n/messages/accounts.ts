/** Messages of the log-in, account and user administration pages. Keys are merged into one table in `../index.ts`: keep them unique. */
export const th = {};

export const en: Record<keyof typeof th, string> = {};
