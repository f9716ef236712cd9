import type { Polygon } from 'geojson';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser } from '../../../../tests/fixtures/users';
import {
	approveThroughWorkflow,
	defaultRules,
	tambonSquares,
	turnReadinessRulesOff,
	zoneAttributes
} from '../../../../tests/fixtures/zones/zone-fixtures';
import { openTestDatabase } from '../../../../tests/setup/test-database';
import type { Actor } from '../../accounts/roles';
import { commentMaxCharacters, type ModeratedComment } from '../../comments/comment-terms';
import type { Database } from '../db/database';
import { DomainError } from '../domain-errors';
import { createZone } from '../zones/zone.service';
import {
	commentPins,
	commentSummary,
	listCommentsForModeration,
	listPublishedComments,
	moderateComment,
	postComment
} from './comment.service';
import { expectRefusal } from '../../../../tests/fixtures/refusals';

let database: Database;
let planner40: Actor;
let planner30: Actor;
let governor40: Actor;
let dla: Actor;
let lao40: Actor;
let squares: Polygon[];
/** An approved zone of TH40 and a draft never approved. */
let approvedZone: { id: number; square: Polygon };
let draftZone: { id: number; square: Polygon };

async function draft(square: Polygon, name: string) {
	return createZone(database.db, {
		actor: planner40,
		rules: defaultRules,
		input: {
			provinceCode: 'TH40',
			attributes: zoneAttributes(name),
			geometry: square,
			geometrySource: 'drawn'
		}
	});
}

/** Submitted by the planner and approved by the governor, through the workflow service. */
const approve = (zoneId: number, revisionId: number) =>
	approveThroughWorkflow(database.db, {
		zoneId,
		revisionId,
		planner: planner40,
		governor: governor40
	});

/** The centre of a square (on the zone), and a point 0.5° east of it (off the zone). */
const centre = (square: Polygon) => {
	const ring = square.coordinates[0]!;
	const xs = ring.map((p) => p[0]!);
	const ys = ring.map((p) => p[1]!);
	return [(Math.min(...xs) + Math.max(...xs)) / 2, (Math.min(...ys) + Math.max(...ys)) / 2] as [
		number,
		number
	];
};

beforeAll(async () => {
	database = await openTestDatabase('imported');
	planner40 = await createTestUser(database.db, { role: 'planner', provinceCode: 'TH40' });
	planner30 = await createTestUser(database.db, { role: 'planner', provinceCode: 'TH30' });
	governor40 = await createTestUser(database.db, { role: 'governor', provinceCode: 'TH40' });
	dla = await createTestUser(database.db, { role: 'dla_staff' });
	lao40 = await createTestUser(database.db, { role: 'lao_officer', dlaCode: '6400906' });
	squares = await tambonSquares(database.db, 'TH40', 2);
	await turnReadinessRulesOff(database.db);
	const a = await draft(squares[0]!, 'เขตรับฟังความคิดเห็น');
	await approve(a.zone.id, a.revision.id);
	approvedZone = { id: a.zone.id, square: squares[0]! };
	const d = await draft(squares[1]!, 'เขตยังไม่อนุมัติ');
	draftZone = { id: d.zone.id, square: squares[1]! };
});
afterAll(() => database?.close());

const commentCount = async () =>
	Number(
		(
			await database.db
				.selectFrom('zone_comment')
				.select((eb) => eb.fn.countAll<string>().as('n'))
				.executeTakeFirstOrThrow()
		).n
	);

let addressCounter = 0;
/** A fresh client address per test, so the rate limit of one test never refuses another's posts. */
const freshAddress = () => `198.51.100.${++addressCounter}`;

const post = (body: Record<string, unknown>, address = freshAddress(), zoneId = approvedZone.id) =>
	postComment(database.db, { zoneId, body, clientAddress: address });

describe('postComment', () => {
	it('stores a pending comment with its pinned point, the address only as a hash', async () => {
		const address = freshAddress();
		const posted = await post(
			{
				category: 'local_knowledge',
				text: 'บริเวณนี้น้ำท่วมทุกปีในเดือนกันยายน',
				geometry: { type: 'Point', coordinates: centre(approvedZone.square) },
				name: 'สมชาย ใจดี',
				contact: '081-234-5678'
			},
			address
		);
		expect(posted.state).toBe('pending');
		const row = await database.db
			.selectFrom('zone_comment')
			.select([
				'state',
				'category',
				'author_name',
				'author_contact',
				'address_hash',
				sql<string>`ST_GeometryType(geom)`.as('kind')
			])
			.where('id', '=', posted.id)
			.executeTakeFirstOrThrow();
		expect(row).toMatchObject({
			state: 'pending',
			category: 'local_knowledge',
			author_name: 'สมชาย ใจดี',
			author_contact: '081-234-5678',
			kind: 'ST_Point'
		});
		expect(row.address_hash).not.toContain(address);
		expect(row.address_hash).toMatch(/^[A-Za-z0-9_-]{43}$/);
		// Not public until a moderator publishes it.
		const page = await listPublishedComments(database.db, { zoneId: approvedZone.id });
		expect(page.comments.map((c) => c.id)).not.toContain(posted.id);
	});

	it('accepts a small area drawn on the zone', async () => {
		const [x, y] = centre(approvedZone.square);
		const d = 0.001;
		const posted = await post({
			category: 'concern',
			text: 'ที่ดินแปลงนี้เป็นป่าชุมชน',
			geometry: {
				type: 'Polygon',
				coordinates: [
					[
						[x, y],
						[x + d, y],
						[x + d, y + d],
						[x, y + d],
						[x, y]
					]
				]
			}
		});
		expect(posted.state).toBe('pending');
	});

	const bad: [string, Record<string, unknown>, string, string][] = [
		[
			'over 2,000 characters',
			{ category: 'support', text: 'ก'.repeat(commentMaxCharacters + 1) },
			'text',
			'comment.text'
		],
		['HTML', { category: 'support', text: 'ดีมาก <b>เห็นด้วย</b>' }, 'text', 'comment.text'],
		[
			'a link as HTML',
			{ category: 'question', text: '<a href="https://example.com">ดูที่นี่</a>' },
			'text',
			'comment.text'
		],
		[
			'HTML in the name',
			{ category: 'support', text: 'ok', name: '<script>x</script>' },
			'name',
			'comment.name'
		],
		['no text', { category: 'support', text: '   ' }, 'text', 'comment.text'],
		['an unknown category', { category: 'spam', text: 'สวัสดี' }, 'category', 'comment.category'],
		[
			'the honeypot filled',
			{ category: 'support', text: 'สวัสดี', website: 'http://spam.example' },
			'website',
			'comment.honeypot'
		],
		[
			'a point outside the zone',
			{ category: 'concern', text: 'ที่นี่', geometry: { type: 'Point', coordinates: [100.5, 13.75] } },
			'geometry',
			'comment.outside_zone'
		],
		[
			'an area larger than 1 km²',
			{ category: 'concern', text: 'ทั้งเขต', geometry: 'AREA_TOO_LARGE' },
			'geometry',
			'comment.area_too_large'
		]
	];
	it.each(bad)(
		'refuses %s, naming the field, and stores nothing',
		async (_what, body, field, rule) => {
			const before = await commentCount();
			const payload =
				body.geometry === 'AREA_TOO_LARGE' ? { ...body, geometry: approvedZone.square } : body;
			const error = await expectRefusal(post(payload));
			expect(error.kind).toBe('invalid');
			expect(error.problems).toContainEqual(expect.objectContaining({ field, rule }));
			expect(await commentCount()).toBe(before);
		}
	);

	it('refuses a zone never approved, and one that does not exist, as not found', async () => {
		const before = await commentCount();
		expect(
			(await expectRefusal(post({ category: 'support', text: 'ดี' }, undefined, draftZone.id))).kind
		).toBe('not_found');
		expect(
			(await expectRefusal(post({ category: 'support', text: 'ดี' }, undefined, 987654))).kind
		).toBe('not_found');
		expect(await commentCount()).toBe(before);
	});

	it('refuses the 11th comment from one address within an hour, with the wait, stores nothing', async () => {
		const address = freshAddress();
		for (let i = 0; i < 10; i++)
			await post({ category: 'question', text: `คำถามที่ ${i + 1}` }, address);
		const before = await commentCount();
		const error = await expectRefusal(post({ category: 'question', text: 'คำถามที่ 11' }, address));
		expect(error.kind).toBe('throttled');
		expect(error.retryAfterSeconds).toBeGreaterThan(3500);
		expect(error.retryAfterSeconds).toBeLessThanOrEqual(3600);
		expect(await commentCount()).toBe(before);
		// Another address is not held back.
		await expect(post({ category: 'question', text: 'อีกคน' })).resolves.toMatchObject({
			state: 'pending'
		});
		// An hour later (the window moved back in time) the address may post again.
		await database.db
			.updateTable('zone_comment')
			.set({ created_at: sql<Date>`created_at - interval '61 minutes'` })
			.where('body', 'like', 'คำถามที่ %')
			.execute();
		await expect(post({ category: 'question', text: 'คำถามใหม่' }, address)).resolves.toMatchObject({
			state: 'pending'
		});
	});

	it('holds the limit under parallel posts from one address', async () => {
		const address = freshAddress();
		const results = await Promise.allSettled(
			Array.from({ length: 14 }, (_, i) =>
				post({ category: 'support', text: `พร้อมกัน ${i}` }, address)
			)
		);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(10);
		const refused = results.filter((r) => r.status === 'rejected');
		expect(refused).toHaveLength(4);
		for (const r of refused)
			expect(((r as PromiseRejectedResult).reason as DomainError).kind).toBe('throttled');
	});
});

describe('moderation', () => {
	async function pendingComment(text: string) {
		return post({
			category: 'concern',
			text,
			name: 'นางสาวผู้แสดงความเห็น',
			contact: 'a@example.com'
		});
	}

	it('moderators: the province planner and DLA staff may; the governor, other provinces, LAOs and the public may not', async () => {
		const { id } = await pendingComment('ตรวจสิทธิ์');
		for (const [actor, kind] of [
			[null, 'forbidden'],
			[governor40, 'forbidden'],
			[planner30, 'forbidden'],
			[lao40, 'forbidden']
		] as const) {
			const error = await expectRefusal(
				moderateComment(database.db, { actor, commentId: id, body: { decision: 'publish' } })
			);
			expect(error.kind, actor?.role ?? 'public').toBe(kind);
		}
		await expect(
			moderateComment(database.db, {
				actor: planner40,
				commentId: id,
				body: { decision: 'publish' }
			})
		).resolves.toMatchObject({ state: 'published' });
		await expect(
			moderateComment(database.db, {
				actor: dla,
				commentId: id,
				body: { decision: 'hide', reason: 'ข้อมูลส่วนบุคคลของผู้อื่น' }
			})
		).resolves.toMatchObject({ state: 'hidden' });
	});

	it('hiding needs a reason; the same state twice is a conflict; an unknown comment is not found', async () => {
		const { id } = await pendingComment('ต้องมีเหตุผล');
		const noReason = await expectRefusal(
			moderateComment(database.db, {
				actor: planner40,
				commentId: id,
				body: { decision: 'hide', reason: ' ' }
			})
		);
		expect(noReason.kind).toBe('invalid');
		expect(noReason.problems).toContainEqual(expect.objectContaining({ field: 'reason' }));
		await moderateComment(database.db, {
			actor: planner40,
			commentId: id,
			body: { decision: 'publish' }
		});
		expect(
			(
				await expectRefusal(
					moderateComment(database.db, {
						actor: planner40,
						commentId: id,
						body: { decision: 'publish' }
					})
				)
			).kind
		).toBe('conflict');
		expect(
			(
				await expectRefusal(
					moderateComment(database.db, {
						actor: dla,
						commentId: 99999999,
						body: { decision: 'publish' }
					})
				)
			).kind
		).toBe('not_found');
	});

	it('each moderation is audit-logged, without the name, contact or text', async () => {
		const { id } = await pendingComment('บันทึกการตรวจสอบ');
		await moderateComment(database.db, {
			actor: planner40,
			commentId: id,
			body: { decision: 'hide', reason: 'ไม่เกี่ยวกับเขต' }
		});
		const entry = await database.db
			.selectFrom('audit_log')
			.selectAll()
			.where('entity_type', '=', 'comment')
			.where('entity_id', '=', String(id))
			.executeTakeFirstOrThrow();
		expect(entry).toMatchObject({
			action: 'comment.hidden',
			actor_user_id: planner40.userId,
			province_code: 'TH40'
		});
		const logged = JSON.stringify([entry.before, entry.after]);
		expect(logged).toContain('ไม่เกี่ยวกับเขต');
		expect(logged).not.toContain('นางสาวผู้แสดงความเห็น');
		expect(logged).not.toContain('a@example.com');
		expect(logged).not.toContain('บันทึกการตรวจสอบ');
	});

	it('the queue lists pending comments with name and contact to moderators of the province only', async () => {
		const { id } = await pendingComment('อยู่ในคิว');
		// Oldest first, a page at a time: walk the pages to the new one.
		const ofPlanner = await listCommentsForModeration(database.db, { actor: planner40 });
		let listed: ModeratedComment | undefined;
		for (let page = 1; page <= ofPlanner.pageCount && !listed; page++)
			listed = (
				await listCommentsForModeration(database.db, { actor: planner40, page })
			).comments.find((c) => c.id === id);
		expect(listed).toMatchObject({
			authorName: 'นางสาวผู้แสดงความเห็น',
			authorContact: 'a@example.com'
		});
		expect((await listCommentsForModeration(database.db, { actor: dla })).total).toBe(
			ofPlanner.total
		);
		expect((await listCommentsForModeration(database.db, { actor: planner30 })).total).toBe(0);
		for (const actor of [null, governor40, lao40])
			expect((await expectRefusal(listCommentsForModeration(database.db, { actor }))).kind).toBe(
				'forbidden'
			);
	});
});

describe('what the public and the governor see', () => {
	it('only published comments, newest first, paginated, never a name, contact or address', async () => {
		const ids: number[] = [];
		for (const text of ['แรก', 'สอง', 'สาม']) {
			const { id } = await post({
				category: 'support',
				text: `เผยแพร่ ${text}`,
				name: 'ชื่อลับ',
				contact: 'ลับ@example.com'
			});
			await moderateComment(database.db, {
				actor: planner40,
				commentId: id,
				body: { decision: 'publish' }
			});
			ids.push(id);
		}
		const { id: hiddenId } = await post({ category: 'support', text: 'ซ่อน' });
		await moderateComment(database.db, {
			actor: dla,
			commentId: hiddenId,
			body: { decision: 'hide', reason: 'ถ้อยคำไม่สุภาพ' }
		});
		const page1 = await listPublishedComments(database.db, {
			zoneId: approvedZone.id,
			pageSize: 2
		});
		expect(page1.comments.map((c) => c.id)).toEqual([ids[2], ids[1]]);
		expect(page1.pageCount).toBe(Math.ceil(page1.total / 2));
		const page2 = await listPublishedComments(database.db, {
			zoneId: approvedZone.id,
			page: 2,
			pageSize: 2
		});
		expect(page2.comments[0]!.id).toBe(ids[0]);
		const json = JSON.stringify([page1, page2]);
		expect(json).not.toContain('ชื่อลับ');
		expect(json).not.toContain('ลับ@example.com');
		expect(json).not.toContain('ซ่อน');
		expect(Object.keys(page1.comments[0]!).sort()).toEqual([
			'category',
			'geometry',
			'id',
			'postedAt',
			'text'
		]);
		expect(
			(await expectRefusal(listPublishedComments(database.db, { zoneId: draftZone.id }))).kind
		).toBe('not_found');
	});

	it('the review summary counts per category and maps the pinned points, published only', async () => {
		const before = await commentSummary(database.db, {
			actor: governor40,
			zoneId: approvedZone.id
		});
		const pinned = await post({
			category: 'question',
			text: 'ถนนเส้นนี้จะซ่อมเมื่อใด',
			geometry: { type: 'Point', coordinates: centre(approvedZone.square) }
		});
		const pendingOnly = await commentSummary(database.db, {
			actor: governor40,
			zoneId: approvedZone.id
		});
		expect(pendingOnly.publishedCount).toBe(before.publishedCount);
		await moderateComment(database.db, {
			actor: planner40,
			commentId: pinned.id,
			body: { decision: 'publish' }
		});
		const after = await commentSummary(database.db, { actor: governor40, zoneId: approvedZone.id });
		expect(after.countsByCategory.question).toBe(before.countsByCategory.question + 1);
		expect(after.publishedCount).toBe(before.publishedCount + 1);
		expect(after.placedCount).toBe(before.placedCount + 1);
		const pins = await commentPins(database.db, { actor: governor40, zoneId: approvedZone.id });
		expect(pins.features).toHaveLength(after.placedCount);
		const pin = pins.features.find((f) => f.id === pinned.id);
		expect(pin?.geometry.type).toBe('Point');
		expect(pin?.properties).toEqual({ category: 'question' });
		expect(JSON.stringify(after)).not.toMatch(/author|contact|address/i);
		expect(JSON.stringify(pins)).not.toMatch(/author|contact|address|ถนน/i);
		// A zone the viewer may not see at all is not found.
		expect(
			(await expectRefusal(commentSummary(database.db, { actor: null, zoneId: draftZone.id }))).kind
		).toBe('not_found');
		expect(
			(await expectRefusal(commentPins(database.db, { actor: null, zoneId: draftZone.id }))).kind
		).toBe('not_found');
	});
});
