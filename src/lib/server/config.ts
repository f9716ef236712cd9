import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import type { Basemap } from '../map/basemap';

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
	/**
	 * PostgreSQL only: the same database as an owner role, for the migrations (and backups and
	 * restores); the app then connects with DATABASE_URL as a role that owns nothing and gets
	 * only the grants it needs. See the README's "Security notes".
	 */
	DATABASE_OWNER_URL: z
		.string()
		.regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
		.refine((value) => URL.canParse(value), 'must be a valid URL')
		.optional(),
	/** PGlite data directory (embedded engine only). */
	DATA_DIR: z.string().min(1).default('.data'),
	/**
	 * PostgreSQL only: the directory where each instance keeps its copy of the vector tiles (a
	 * cache, written from the database; default: a folder in the system's temporary directory).
	 */
	TILE_CACHE_DIR: z.string().min(1).optional(),
	/** Where the source datasets are; see `findGeodataDir`. */
	GEODATA_DIR: z.string().min(1).optional(),
	/** `false` stops the app from importing by itself on first start. */
	AUTO_IMPORT: z
		.enum(['true', 'false', '1', '0'])
		.default('true')
		.transform((value) => value === 'true' || value === '1'),
	/** `true` creates the demo accounts listed in the README (never in production). */
	DEMO_MODE: z
		.enum(['true', 'false', '1', '0'])
		.default('false')
		.transform((value) => value === 'true' || value === '1'),
	/**
	 * `true` runs the exact candidate optimiser for every province in the background after start
	 * (one province at a time, in a worker thread); `false` optimises only the provinces someone
	 * opens. Either way a page shows the quick answer until the exact one is stored.
	 */
	CANDIDATE_OPTIMISER_AT_START: z
		.enum(['true', 'false', '1', '0'])
		.default('true')
		.transform((value) => value === 'true' || value === '1'),
	/** How long a session lasts after its last use, hours. */
	SESSION_IDLE_HOURS: z.coerce.number().positive().max(720).default(12),
	// Zone validation rules (issue 5), with the defaults DLA set.
	ZONE_MAX_VERTICES: z.coerce.number().int().positive().default(20000),
	ZONE_MIN_AREA_KM2: z.coerce.number().nonnegative().default(1),
	ZONE_MAX_AREA_KM2: z.coerce.number().positive().default(10000),
	/** Share of a zone's area allowed outside its province (the smaller limit applies). */
	ZONE_OUTSIDE_PROVINCE_MAX_SHARE: z.coerce.number().min(0).max(1).default(0.01),
	ZONE_OUTSIDE_PROVINCE_MAX_KM2: z.coerce.number().nonnegative().default(0.5),
	/** Overlap allowed with another active zone, hectares. */
	ZONE_OVERLAP_MAX_HA: z.coerce.number().nonnegative().default(1),
	// Email notices of the coordination register (issue 7): sent only when SMTP_URL is set.
	/** `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://…:465`. */
	SMTP_URL: z
		.string()
		.regex(/^smtps?:\/\/[^/?#]+/, 'must be an smtp:// or smtps:// URL with a host')
		.refine((value) => URL.canParse(value), 'must be a valid URL')
		.optional(),
	/** The From of notices, e.g. `SEDZ <sedz@dla.go.th>`. */
	SMTP_FROM: z
		.string()
		.regex(/^[^\r\n]*<?[^@\s<>]+@[^@\s<>]+>?$/, 'must be an address, or Name <address>')
		.optional(),
	// A basemap under the boundaries (issue 15), off by default: one of these two.
	/** A MapLibre style (vector or raster basemap), e.g. a self-hosted OpenMapTiles style. */
	BASEMAP_STYLE_URL: z
		.string()
		.regex(/^https?:\/\//, 'must be an http(s):// URL of a MapLibre style JSON')
		.refine((value) => URL.canParse(value), 'must be a valid URL')
		.optional(),
	/** An XYZ raster template, e.g. `https://tile.openstreetmap.org/{z}/{x}/{y}.png`. */
	BASEMAP_TILES: z
		.string()
		.regex(/^https?:\/\//, 'must be an http(s):// URL template')
		.refine(
			(value) => ['{z}', '{x}', '{y}'].every((part) => value.includes(part)),
			'must contain {z}, {x} and {y}'
		)
		.optional(),
	/** The basemap's attribution, shown on the map (required with BASEMAP_TILES). */
	BASEMAP_ATTRIBUTION: z.string().max(500).optional(),
	/** The deepest zoom the basemap's tiles exist at (deeper zooms enlarge them). */
	BASEMAP_MAX_ZOOM: z.coerce.number().int().min(0).max(24).default(19),
	/** The app's public address (adapter-node reads it too): the base of the links in notices. */
	ORIGIN: z
		.string()
		.regex(/^https?:\/\/[^/?#]+\/?$/, 'must be http(s)://host[:port] without a path')
		.optional(),
	/**
	 * The largest request body, read as adapter-node reads it (`512K`, `25M`, `1G`, bytes, or
	 * `Infinity`; default `512K`): the app names it when it refuses a body with 413.
	 */
	BODY_SIZE_LIMIT: z
		.string()
		.regex(/^(\d+(\.\d+)?[KMG]?|Infinity)$/i, 'must be bytes, or a number with K, M or G')
		.default('512K')
		.transform(bodySizeLimitBytes)
});

/** adapter-node's reading of BODY_SIZE_LIMIT (files/utils.js `parse_as_bytes`), in bytes. */
function bodySizeLimitBytes(value: string): number {
	const multiplier = { K: 1024, M: 1024 ** 2, G: 1024 ** 3 }[value.slice(-1).toUpperCase()];
	return multiplier ? Number(value.slice(0, -1)) * multiplier : Number(value);
}

/** Email notices need a sender address and a base for their links once SMTP is on. */
const settings = environment.superRefine((config, ctx) => {
	if (config.DATABASE_OWNER_URL !== undefined) {
		if (config.DATABASE_URL === undefined)
			ctx.addIssue({
				code: 'custom',
				path: ['DATABASE_OWNER_URL'],
				message: 'needs DATABASE_URL (the app role of the same database)'
			});
		else if (!sameDatabase(config.DATABASE_URL, config.DATABASE_OWNER_URL))
			ctx.addIssue({
				code: 'custom',
				path: ['DATABASE_OWNER_URL'],
				message: 'must name the same host, port and database as DATABASE_URL'
			});
	}
	if (config.BASEMAP_STYLE_URL !== undefined && config.BASEMAP_TILES !== undefined)
		ctx.addIssue({
			code: 'custom',
			path: ['BASEMAP_TILES'],
			message: 'set BASEMAP_STYLE_URL or BASEMAP_TILES, not both'
		});
	if (config.BASEMAP_TILES !== undefined && !config.BASEMAP_ATTRIBUTION)
		ctx.addIssue({
			code: 'custom',
			path: ['BASEMAP_ATTRIBUTION'],
			message: 'required with BASEMAP_TILES (the tiles’ licence asks for it)'
		});
	if (config.SMTP_URL === undefined) return;
	if (config.SMTP_FROM === undefined)
		ctx.addIssue({ code: 'custom', path: ['SMTP_FROM'], message: 'required when SMTP_URL is set' });
	if (config.ORIGIN === undefined)
		ctx.addIssue({
			code: 'custom',
			path: ['ORIGIN'],
			message: 'required when SMTP_URL is set (the links in email notices)'
		});
});

/** Host, port and database name of two PostgreSQL URLs agree (the users differ). */
function sameDatabase(a: string, b: string): boolean {
	if (!URL.canParse(a) || !URL.canParse(b)) return false;
	const where = (u: URL) => `${u.hostname}:${u.port || '5432'}${u.pathname}`;
	return where(new URL(a)) === where(new URL(b));
}

export type Config = z.infer<typeof environment>;

export class ConfigError extends Error {
	override name = 'ConfigError';
}

export function readConfig(env: Record<string, string | undefined> = process.env): Config {
	// Empty variables count as unset, as most shells and service managers mean them.
	const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
	const parsed = settings.safeParse(present);
	if (!parsed.success) {
		const problems = parsed.error.issues.map(
			(issue) => `${issue.path.join('.')}: ${issue.message}`
		);
		throw new ConfigError(`Invalid environment: ${problems.join('; ')}`);
	}
	return parsed.data;
}

/** How the notice sender reaches the mail server; null while SMTP is not configured. */
export interface NoticeMailSettings {
	smtpUrl: string;
	from: string;
	/** `https://sedz.example.go.th`, without a trailing slash. */
	baseUrl: string;
}

export function noticeMailSettings(config: Config): NoticeMailSettings | null {
	if (!config.SMTP_URL || !config.SMTP_FROM || !config.ORIGIN) return null;
	return {
		smtpUrl: config.SMTP_URL,
		from: config.SMTP_FROM,
		baseUrl: config.ORIGIN.replace(/\/$/, '')
	};
}

export function resolveDataDir(config: Config): string {
	return path.resolve(config.DATA_DIR);
}

/** Where a PostgreSQL instance caches its vector tiles (`TILE_CACHE_DIR`). */
export function resolveTileCacheDir(config: Config): string {
	return path.resolve(config.TILE_CACHE_DIR ?? path.join(os.tmpdir(), 'sedz-tile-cache'));
}

/** The zone validation rules as the zone service takes them (units in the names). */
export interface ZoneRules {
	maxVertices: number;
	minAreaKm2: number;
	maxAreaKm2: number;
	outsideProvinceMaxShare: number;
	outsideProvinceMaxKm2: number;
	overlapMaxHectares: number;
}

export function zoneRules(config: Config): ZoneRules {
	return {
		maxVertices: config.ZONE_MAX_VERTICES,
		minAreaKm2: config.ZONE_MIN_AREA_KM2,
		maxAreaKm2: config.ZONE_MAX_AREA_KM2,
		outsideProvinceMaxShare: config.ZONE_OUTSIDE_PROVINCE_MAX_SHARE,
		outsideProvinceMaxKm2: config.ZONE_OUTSIDE_PROVINCE_MAX_KM2,
		overlapMaxHectares: config.ZONE_OVERLAP_MAX_HA
	};
}

/** The basemap the maps draw under the boundaries, or null (the default: none). */
export function basemapOf(config: Config): Basemap | null {
	if (config.BASEMAP_STYLE_URL) return { kind: 'style', url: config.BASEMAP_STYLE_URL };
	if (config.BASEMAP_TILES)
		return {
			kind: 'raster',
			// {s} subdomains are not expanded by MapLibre: the operator lists one host.
			tiles: [config.BASEMAP_TILES],
			attribution: config.BASEMAP_ATTRIBUTION ?? '',
			maxzoom: config.BASEMAP_MAX_ZOOM
		};
	return null;
}
