/** Messages of the planner workspace, zone pages and zone validation. Keys are merged into one table in `../index.ts`: keep them unique. */
export const th = {};

export const en: Record<keyof typeof th, string> = {};
