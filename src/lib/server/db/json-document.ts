/**
 * A JSON column's value other than SQL NULL, for the generated table types
 * (`schema.generated.ts`): kysely-codegen's own `Json` includes the JSON value `null`, which
 * would make every JSON column look nullable and hide which ones are (`Json | null` is `Json`).
 */
export type JsonDocument = boolean | number | string | JsonDocument[] | { [key: string]: unknown };
