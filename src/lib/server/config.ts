import path from 'node:path';
import { z } from 'zod';

/**
 * Settings from the environment, parsed once at the boundary. Every name here is documented in
 * the README's configuration table.
 */
const environment = z.object({
	/** PostgreSQL + PostGIS in production; when unset the embedded PGlite database is used. */
	DATABASE_URL: z
		.string()
		.regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
		.optional(),
	/** PGlite data directory (embedded engine only). */
	DATA_DIR: z.string().min(1).default('.data'),
	/** Where the source datasets are; see `findGeodataDir`. */
	GEODATA_DIR: z.string().min(1).optional(),
	/** `false` stops the app from importing by itself on first start. */
	AUTO_IMPORT: z
		.enum(['true', 'false', '1', '0'])
		.default('true')
		.transform((value) => value === 'true' || value === '1')
});

export type Config = z.infer<typeof environment>;

export class ConfigError extends Error {
	override name = 'ConfigError';
}

export function readConfig(env: Record<string, string | undefined> = process.env): Config {
	// Empty variables count as unset, as most shells and service managers mean them.
	const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
	const parsed = environment.safeParse(present);
	if (!parsed.success) {
		const problems = parsed.error.issues.map(
			(issue) => `${issue.path.join('.')}: ${issue.message}`
		);
		throw new ConfigError(`Invalid environment: ${problems.join('; ')}`);
	}
	return parsed.data;
}

export function resolveDataDir(config: Config): string {
	return path.resolve(config.DATA_DIR);
}
