/** Messages of the coordination register (records, inbox, overdue dashboard). */
export const th = {};

export const en: Record<keyof typeof th, string> = {};
