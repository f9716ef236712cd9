import { sql, type Kysely } from 'kysely';
import type {
	CommentCategory,
	CommentGeometry,
	CommentState,
	ModeratedComment,
	PublicComment
} from '../../comments/comment-terms';
import type { DB } from '../db/schema';

/** Queries on `zone_comment`. Every function takes the handle, so the caller owns the transaction. */

/** The facts a post needs of its zone: the province and the revision in force (null: none). */
export function findCommentableZone(db: Kysely<DB>, zoneId: number) {
	return db
		.selectFrom('zone')
		.select(['id', 'province_code', 'approved_revision_id'])
		.where('id', '=', zoneId)
		.executeTakeFirst();
}

/**
 * Where a commenter's point or area stands against the revision's outline: covered by it (the
 * outline's edge counts as on it), valid, and its geodesic area in square metres.
 */
export async function placeOnRevision(
	db: Kysely<DB>,
	revisionId: number,
	geometry: CommentGeometry
): Promise<{ covered: boolean; valid: boolean; areaSquareMetres: number }> {
	const shape = sql`ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(geometry)}), 4326)`;
	const row = await db
		.selectFrom('zone_revision as r')
		.select([
			sql<boolean>`ST_IsValid(${shape})`.as('valid'),
			sql<boolean>`ST_IsValid(${shape}) AND ST_CoveredBy(${shape}, r.geom)`.as('covered'),
			sql<number>`ST_Area(${shape}::geography)`.as('area')
		])
		.where('r.id', '=', revisionId)
		.executeTakeFirstOrThrow();
	return { covered: row.covered, valid: row.valid, areaSquareMetres: Number(row.area) };
}

/**
 * Serialises the posts of one address until the transaction ends, so that parallel posts (from
 * one instance or several) cannot all count "fewer than ten" before any of them is stored.
 */
export async function lockAddress(db: Kysely<DB>, addressHash: string): Promise<void> {
	await sql`SELECT pg_advisory_xact_lock(hashtext(${`comment:${addressHash}`}))`.execute(db);
}

/**
 * The address's comments within the last `windowSeconds`, newest first, at most `limit`, each
 * with the seconds until it leaves the window (by the database's clock).
 */
export async function recentCommentsOf(
	db: Kysely<DB>,
	addressHash: string,
	windowSeconds: number,
	limit: number
): Promise<{ leavesWindowInSeconds: number }[]> {
	const rows = await db
		.selectFrom('zone_comment')
		.select(
			sql<number>`extract(epoch from created_at + make_interval(secs => ${windowSeconds}) - now())::float8`.as(
				'leaves_in'
			)
		)
		.where('address_hash', '=', addressHash)
		.where('created_at', '>', sql<Date>`now() - make_interval(secs => ${windowSeconds})`)
		.orderBy('created_at', 'desc')
		.limit(limit)
		.execute();
	return rows.map((r) => ({ leavesWindowInSeconds: Number(r.leaves_in) }));
}

export async function insertComment(
	db: Kysely<DB>,
	comment: {
		zoneId: number;
		revisionId: number;
		provinceCode: string;
		category: CommentCategory;
		text: string;
		geometry: CommentGeometry | null;
		authorName: string | null;
		authorContact: string | null;
		addressHash: string;
	}
): Promise<{ id: number; createdAt: Date }> {
	const row = await db
		.insertInto('zone_comment')
		.values({
			zone_id: comment.zoneId,
			revision_id: comment.revisionId,
			province_code: comment.provinceCode,
			category: comment.category,
			body: comment.text,
			geom: comment.geometry
				? sql<string>`ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(comment.geometry)}), 4326)`
				: null,
			author_name: comment.authorName,
			author_contact: comment.authorContact,
			address_hash: comment.addressHash
		})
		.returning(['id', 'created_at'])
		.executeTakeFirstOrThrow();
	return { id: row.id, createdAt: new Date(row.created_at) };
}

const geometryJson = sql<string | null>`ST_AsGeoJSON(c.geom, 6)`;
const parseGeometry = (value: string | null) =>
	value === null ? null : (JSON.parse(value) as CommentGeometry);

/** One zone's published comments, newest first: a page of them and how many there are. */
export async function publishedCommentsPage(
	db: Kysely<DB>,
	zoneId: number,
	page: { limit: number; offset: number }
): Promise<{ comments: PublicComment[]; total: number }> {
	const [rows, count] = await Promise.all([
		// The page's ids first, from the index alone (zone, state, created_at, id), so that a deep
		// page (page 400 of 10,000 comments) reads ten rows, not the four thousand before them.
		db
			.selectFrom('zone_comment as c')
			.select(['c.id', 'c.category', 'c.body', 'c.created_at', geometryJson.as('geometry')])
			.where('c.id', 'in', (eb) =>
				eb
					.selectFrom('zone_comment as p')
					.select('p.id')
					.where('p.zone_id', '=', zoneId)
					.where('p.state', '=', 'published')
					.orderBy('p.created_at', 'desc')
					.orderBy('p.id', 'desc')
					.limit(page.limit)
					.offset(page.offset)
			)
			.orderBy('c.created_at', 'desc')
			.orderBy('c.id', 'desc')
			.execute(),
		db
			.selectFrom('zone_comment as c')
			.select((eb) => eb.fn.countAll<string>().as('n'))
			.where('c.zone_id', '=', zoneId)
			.where('c.state', '=', 'published')
			.executeTakeFirstOrThrow()
	]);
	return {
		comments: rows.map((r) => ({
			id: r.id,
			category: r.category,
			text: r.body,
			postedAt: new Date(r.created_at).toISOString(),
			geometry: parseGeometry(r.geometry)
		})),
		total: Number(count.n)
	};
}

/** Published comments of one zone per category. */
export async function publishedCountsByCategory(
	db: Kysely<DB>,
	zoneId: number
): Promise<{ category: CommentCategory; count: number; placed: number }[]> {
	const rows = await db
		.selectFrom('zone_comment')
		.select((eb) => [
			'category',
			eb.fn.countAll<string>().as('n'),
			eb.fn.count<string>('geom').as('placed')
		])
		.where('zone_id', '=', zoneId)
		.where('state', '=', 'published')
		.groupBy('category')
		.execute();
	return rows.map((r) => ({
		category: r.category,
		count: Number(r.n),
		placed: Number(r.placed)
	}));
}

/** The newest `limit` published comments of a zone that carry a point or area. */
export async function publishedPins(db: Kysely<DB>, zoneId: number, limit: number) {
	const rows = await db
		.selectFrom('zone_comment as c')
		.select(['c.id', 'c.category', sql<string>`ST_AsGeoJSON(c.geom, 6)`.as('geometry')])
		.where('c.zone_id', '=', zoneId)
		.where('c.state', '=', 'published')
		.where('c.geom', 'is not', null)
		.orderBy('c.created_at', 'desc')
		.orderBy('c.id', 'desc')
		.limit(limit)
		.execute();
	return rows.map((r) => ({
		id: r.id,
		category: r.category,
		geometry: JSON.parse(r.geometry) as CommentGeometry
	}));
}

export function findCommentForModeration(db: Kysely<DB>, commentId: number) {
	return db
		.selectFrom('zone_comment')
		.select(['id', 'zone_id', 'province_code', 'state', 'hide_reason'])
		.where('id', '=', commentId)
		.forUpdate()
		.executeTakeFirst();
}

export async function setCommentState(
	db: Kysely<DB>,
	change: { commentId: number; state: CommentState; hideReason: string | null; moderatorId: number }
): Promise<void> {
	await db
		.updateTable('zone_comment')
		.set({
			state: change.state,
			hide_reason: change.hideReason,
			moderated_by: change.moderatorId,
			moderated_at: sql<Date>`now()`
		})
		.where('id', '=', change.commentId)
		.execute();
}

/**
 * Comments in one state for the moderators (of some provinces, or all when `provinceCodes` is
 * null), oldest first so the queue is worked in order, with the zone's public name.
 */
export async function commentsForModeration(
	db: Kysely<DB>,
	filter: { state: CommentState; provinceCodes: string[] | null; zoneId?: number },
	page: { limit: number; offset: number }
): Promise<{ comments: ModeratedComment[]; total: number }> {
	let base = db
		.selectFrom('zone_comment as c')
		.innerJoin('zone as z', 'z.id', 'c.zone_id')
		.where('c.state', '=', filter.state);
	if (filter.provinceCodes !== null) {
		if (filter.provinceCodes.length === 0) return { comments: [], total: 0 };
		base = base.where('c.province_code', 'in', filter.provinceCodes);
	}
	if (filter.zoneId !== undefined) base = base.where('c.zone_id', '=', filter.zoneId);
	const [rows, count] = await Promise.all([
		base
			.innerJoin('zone_revision as r', 'r.id', 'c.revision_id')
			.select([
				'c.id',
				'c.zone_id',
				'r.name as zone_name',
				'c.province_code',
				'c.category',
				'c.body',
				'c.created_at',
				geometryJson.as('geometry'),
				'c.state',
				'c.author_name',
				'c.author_contact',
				'c.hide_reason',
				'c.moderated_at'
			])
			.orderBy('c.created_at', filter.state === 'pending' ? 'asc' : 'desc')
			.orderBy('c.id', 'asc')
			.limit(page.limit)
			.offset(page.offset)
			.execute(),
		base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()
	]);
	return {
		comments: rows.map((r) => ({
			id: r.id,
			zoneId: r.zone_id,
			zoneName: r.zone_name,
			provinceCode: r.province_code,
			category: r.category,
			text: r.body,
			postedAt: new Date(r.created_at).toISOString(),
			geometry: parseGeometry(r.geometry),
			state: r.state,
			authorName: r.author_name,
			authorContact: r.author_contact,
			hideReason: r.hide_reason,
			moderatedAt: r.moderated_at ? new Date(r.moderated_at).toISOString() : null
		})),
		total: Number(count.n)
	};
}

/** The key `address_hash` is made with (one row, made by the migration). */
export async function addressKey(db: Kysely<DB>): Promise<string> {
	const row = await db
		.selectFrom('comment_address_key')
		.select('secret')
		.where('id', '=', 1)
		.executeTakeFirstOrThrow();
	return row.secret;
}

/**
 * Published comments of a zone posted before `postedBefore` (the decision, for its memo): the
 * public's say the decider could have read, as moderated since.
 */
export async function publishedCommentCount(
	db: Kysely<DB>,
	zoneId: number,
	postedBefore: Date
): Promise<number> {
	const row = await db
		.selectFrom('zone_comment')
		.select((eb) => eb.fn.countAll<string>().as('n'))
		.where('zone_id', '=', zoneId)
		.where('state', '=', 'published')
		.where('created_at', '<=', postedBefore)
		.executeTakeFirstOrThrow();
	return Number(row.n);
}
