import { problemsOfZod } from '../../problem';
import { createHmac } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Actor } from '../../accounts/roles';
import {
	commentAreaMaxSquareMetres,
	commentCategories,
	commentModerationSchema,
	commentPageSize,
	commentPostSchema,
	commentRateWindowSeconds,
	commentsPerAddressPerWindow,
	type CommentPins,
	type CommentState,
	type CommentSummary,
	type ModeratedComment,
	type PublicCommentPage
} from '../../comments/comment-terms';
import { canModerateCommentsIn, canOpenCommentModeration } from '../accounts/permissions';
import { appendAudit } from '../audit/audit.repository';
import type { DB } from '../db/schema';
import { DomainError, forbidden, invalid, notFound, type Problem } from '../domain-errors';
import { readZoneSights } from '../zones/zone-visibility';
import * as comments from './comment.repository';

/**
 * Public comments pinned to zones (issue 17).
 *
 * Who may comment on what follows the public zone page (`getPublicZone`): a zone with a
 * revision in force, on that revision's outline. A zone never approved has no public page, so
 * it takes no comment (404, the same answer as a zone that does not exist); a submitted
 * amendment of an approved zone takes comments on the outline in force, which is what the
 * public page shows.
 *
 * PDPA: the name and contact are optional and only the moderators read them; the client's
 * address is kept as an HMAC, only to count the posts of one address within the hour.
 */

function problemsOf(error: z.ZodError): Problem[] {
	return problemsOfZod(error, {
		rule: (issue) => {
			const top = String(issue.path[0] ?? 'body');
			return top === 'website' ? 'comment.honeypot' : `comment.${top}`;
		}
	});
}

const keys = new WeakMap<Kysely<DB>, Promise<string>>();

/** HMAC-SHA-256 of the client's address under the database's own key (base64url). */
export async function hashClientAddress(db: Kysely<DB>, address: string): Promise<string> {
	let key = keys.get(db);
	if (!key) {
		key = comments.addressKey(db);
		keys.set(db, key);
		key.catch(() => keys.delete(db));
	}
	return createHmac('sha256', await key)
		.update(address)
		.digest('base64url');
}

/**
 * Posts a comment on a zone's revision in force; it waits, pending, for a moderator. Refused
 * (nothing stored) with the field named: bad input or HTML (`invalid`), the honeypot filled,
 * a point or area off the zone's public outline, the 11th post of one address within the hour
 * (`throttled`, with the seconds until the next is accepted), a zone not open to comments
 * (`not_found`).
 */
export async function postComment(
	db: Kysely<DB>,
	request: { zoneId: number; body: unknown; clientAddress: string }
): Promise<{ id: number; state: CommentState; postedAt: string }> {
	const parsed = commentPostSchema.safeParse(request.body);
	if (!parsed.success) throw invalid(problemsOf(parsed.error), 'The comment was not accepted');
	const input = parsed.data;
	const addressHash = await hashClientAddress(db, request.clientAddress);

	return db.transaction().execute(async (trx) => {
		const zone = await comments.findCommentableZone(trx, request.zoneId);
		if (!zone || zone.approved_revision_id === null)
			throw notFound(`Zone ${request.zoneId} takes no comments (no approved zone by that number)`);
		const revisionId = zone.approved_revision_id;

		if (input.geometry) {
			const place = await comments.placeOnRevision(trx, revisionId, input.geometry);
			const problem: Problem | null = !place.valid
				? {
						rule: 'comment.invalid_area',
						field: 'geometry',
						message: 'The drawn area crosses itself: draw it again'
					}
				: !place.covered
					? {
							rule: 'comment.outside_zone',
							field: 'geometry',
							message: 'The point or area must lie on the zone'
						}
					: place.areaSquareMetres > commentAreaMaxSquareMetres
						? {
								rule: 'comment.area_too_large',
								field: 'geometry',
								message: `The drawn area must be at most ${commentAreaMaxSquareMetres / 1_000_000} km²`,
								details: { maxSquareMetres: commentAreaMaxSquareMetres }
							}
						: null;
			if (problem) throw invalid([problem], 'The comment was not accepted');
		}

		// Counted here, in the database and under a lock on the address, so the limit holds
		// across parallel requests and across instances of the app.
		await comments.lockAddress(trx, addressHash);
		const recent = await comments.recentCommentsOf(
			trx,
			addressHash,
			commentRateWindowSeconds,
			commentsPerAddressPerWindow
		);
		if (recent.length >= commentsPerAddressPerWindow) {
			const retryAfter = Math.max(1, Math.ceil(recent[recent.length - 1]!.leavesWindowInSeconds));
			throw new DomainError(
				'throttled',
				`At most ${commentsPerAddressPerWindow} comments an hour from one address: try again in ${Math.ceil(retryAfter / 60)} minutes`,
				[
					{
						rule: 'comment.rate_limited',
						message: `At most ${commentsPerAddressPerWindow} comments an hour from one address`,
						details: { retryAfterSeconds: retryAfter, limit: commentsPerAddressPerWindow }
					}
				],
				retryAfter
			);
		}

		const stored = await comments.insertComment(trx, {
			zoneId: zone.id,
			revisionId,
			provinceCode: zone.province_code,
			category: input.category,
			text: input.text,
			geometry: input.geometry,
			authorName: input.name,
			authorContact: input.contact,
			addressHash
		});
		return { id: stored.id, state: 'pending' as const, postedAt: stored.createdAt.toISOString() };
	});
}

const pageOf = (page: number | undefined) =>
	Number.isInteger(page) && (page ?? 0) >= 1 ? page! : 1;

/** A zone's published comments, newest first, for everyone (a zone not public is 404). */
export async function listPublishedComments(
	db: Kysely<DB>,
	request: { zoneId: number; page?: number; pageSize?: number }
): Promise<PublicCommentPage> {
	const zone = await comments.findCommentableZone(db, request.zoneId);
	if (!zone || zone.approved_revision_id === null)
		throw notFound(`No approved zone ${request.zoneId}`);
	return publishedPage(
		db,
		request.zoneId,
		pageOf(request.page),
		request.pageSize ?? commentPageSize
	);
}

async function publishedPage(
	db: Kysely<DB>,
	zoneId: number,
	page: number,
	pageSize: number
): Promise<PublicCommentPage> {
	const found = await comments.publishedCommentsPage(db, zoneId, {
		limit: pageSize,
		offset: (page - 1) * pageSize
	});
	return {
		comments: found.comments,
		total: found.total,
		page,
		pageCount: Math.max(1, Math.ceil(found.total / pageSize))
	};
}

/** The most pins the review map draws (the newest); the counts always cover every comment. */
export const summaryPinLimit = 5000;

async function assertSeesZone(db: Kysely<DB>, actor: Actor | null, zoneId: number) {
	const sight = (await readZoneSights(db, actor, [zoneId])).get(zoneId);
	if (!sight || sight.sees === 'nothing') throw notFound(`No zone ${zoneId}`);
}

/**
 * What the governor's review page shows of the public's comments: counts per category, how
 * many carry a place, and a page of the published comments. Only published comments: pending
 * and hidden ones are the moderators' business. For whoever may see the zone at all. The places
 * themselves come from `commentPins`, which the page's map fetches: up to 5,000 points would
 * otherwise travel inside the page (670 KB with 5,000 pins).
 */
export async function commentSummary(
	db: Kysely<DB>,
	request: { actor: Actor | null; zoneId: number; page?: number }
): Promise<CommentSummary> {
	await assertSeesZone(db, request.actor, request.zoneId);
	const [counts, page] = await Promise.all([
		comments.publishedCountsByCategory(db, request.zoneId),
		publishedPage(db, request.zoneId, pageOf(request.page), commentPageSize)
	]);
	const countsByCategory = Object.fromEntries(
		commentCategories.map((c) => [c, counts.find((row) => row.category === c)?.count ?? 0])
	) as CommentSummary['countsByCategory'];
	return {
		countsByCategory,
		publishedCount: Object.values(countsByCategory).reduce((a, b) => a + b, 0),
		placedCount: counts.reduce((sum, row) => sum + row.placed, 0),
		page
	};
}

/**
 * The published comments' points and areas on a zone (id and category only, the newest
 * `summaryPinLimit`), for the review page's map. The same rule as `commentSummary`.
 */
export async function commentPins(
	db: Kysely<DB>,
	request: { actor: Actor | null; zoneId: number }
): Promise<CommentPins> {
	await assertSeesZone(db, request.actor, request.zoneId);
	const pins = await comments.publishedPins(db, request.zoneId, summaryPinLimit);
	return {
		type: 'FeatureCollection',
		features: pins.map((pin) => ({
			type: 'Feature',
			id: pin.id,
			geometry: pin.geometry,
			properties: { category: pin.category }
		}))
	};
}

/**
 * The moderators' queue: comments in one state (pending by default), with names and contacts.
 * DLA staff see every province; a planner their own.
 */
export async function listCommentsForModeration(
	db: Kysely<DB>,
	request: { actor: Actor | null; state?: CommentState; zoneId?: number; page?: number }
): Promise<{ comments: ModeratedComment[]; total: number; page: number; pageCount: number }> {
	const actor = request.actor;
	if (!actor || !canOpenCommentModeration(actor))
		throw forbidden('Only the province office and DLA staff moderate comments');
	const provinceCodes =
		actor.role === 'dla_staff' ? null : actor.provinceCode ? [actor.provinceCode] : [];
	const page = pageOf(request.page);
	const found = await comments.commentsForModeration(
		db,
		{ state: request.state ?? 'pending', provinceCodes, zoneId: request.zoneId },
		{ limit: commentPageSize, offset: (page - 1) * commentPageSize }
	);
	return { ...found, page, pageCount: Math.max(1, Math.ceil(found.total / commentPageSize)) };
}

/**
 * Publishes or hides a comment (hiding needs a reason), audit-logged in the same transaction.
 * Allowed to the province's planners and DLA staff; a published comment may be hidden later and
 * a hidden one published, but not set to the state it is already in (409).
 */
export async function moderateComment(
	db: Kysely<DB>,
	request: { actor: Actor | null; commentId: number; body: unknown; ipAddress?: string | null }
): Promise<{ id: number; state: CommentState }> {
	const actor = request.actor;
	if (!actor) throw forbidden('Sign in to moderate comments');
	const parsed = commentModerationSchema.safeParse(request.body);
	if (!parsed.success) throw invalid(problemsOf(parsed.error), 'Invalid moderation');
	const decision = parsed.data;
	const next: CommentState = decision.decision === 'publish' ? 'published' : 'hidden';
	return db.transaction().execute(async (trx) => {
		const comment = await comments.findCommentForModeration(trx, request.commentId);
		if (!comment) throw notFound(`No comment ${request.commentId}`);
		if (!canModerateCommentsIn(actor, comment.province_code))
			throw forbidden('Only the province office and DLA staff moderate its comments');
		if (comment.state === next)
			throw new DomainError('conflict', `The comment is already ${next}`, [
				{ rule: `comment.already_${next}`, message: `The comment is already ${next}` }
			]);
		const hideReason = decision.decision === 'hide' ? decision.reason : null;
		await comments.setCommentState(trx, {
			commentId: comment.id,
			state: next,
			hideReason,
			moderatorId: actor.userId
		});
		// No name, contact or text in the log (PDPA): the comment's id says which one.
		await appendAudit(trx, {
			actor,
			action: next === 'published' ? 'comment.published' : 'comment.hidden',
			entityType: 'comment',
			entityId: comment.id,
			provinceCode: comment.province_code,
			before: { state: comment.state, hideReason: comment.hide_reason },
			after: { state: next, hideReason, zoneId: comment.zone_id },
			ipAddress: request.ipAddress ?? null
		});
		return { id: comment.id, state: next };
	});
}
