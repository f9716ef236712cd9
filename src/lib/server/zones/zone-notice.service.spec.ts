import type { Polygon } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectRefusal } from '../../../../tests/fixtures/refusals';
import { createTestUser } from '../../../../tests/fixtures/users';
import {
	defaultRules,
	tambonSquares,
	turnReadinessRulesOff,
	zoneAttributes
} from '../../../../tests/fixtures/zones/zone-fixtures';
import { openTestDatabase } from '../../../../tests/setup/test-database';
import type { Actor } from '../../accounts/roles';
import type { Database } from '../db/database';
import { requestResponses } from './consultation.service';
import { runWorkflowEvent } from './workflow.service';
import { createZone } from './zone.service';
import {
	listMyZoneNotices,
	openZoneNotice,
	sendDueZoneNotices,
	unreadZoneNoticeCount
} from './zone-notice.service';

/**
 * Workflow notices (issue 15, item 8) on the real database: who is told of each event, that a
 * refused event tells no one (same transaction), that opening marks read, and that two senders
 * at once email each notice once.
 */

let database: Database;
let planner40: Actor, otherPlanner40: Actor, governor40: Actor, planner41: Actor, governor41: Actor;
let squares: Polygon[];
let nextSquare = 0;

beforeAll(async () => {
	database = await openTestDatabase('imported');
	await turnReadinessRulesOff(database.db);
	const db = database.db;
	planner40 = await createTestUser(db, { role: 'planner', provinceCode: 'TH40' });
	otherPlanner40 = await createTestUser(db, { role: 'planner', provinceCode: 'TH40' });
	governor40 = await createTestUser(db, { role: 'governor', provinceCode: 'TH40' });
	planner41 = await createTestUser(db, { role: 'planner', provinceCode: 'TH41' });
	governor41 = await createTestUser(db, { role: 'governor', provinceCode: 'TH41' });
	squares = await tambonSquares(db, 'TH40', 10);
});
afterAll(() => database?.close());

async function draftIn40(name: string) {
	return createZone(database.db, {
		actor: planner40,
		rules: defaultRules,
		input: {
			provinceCode: 'TH40',
			attributes: zoneAttributes(name),
			geometry: squares[nextSquare++]!,
			geometrySource: 'drawn'
		}
	});
}

/** Each user's notices about one zone, as `event` names. */
async function toldAbout(zoneId: number, users: Actor[]) {
	const told: Record<string, string[]> = {};
	for (const user of users) {
		const notices = await listMyZoneNotices(database.db, { actor: user });
		told[user.username] = notices
			.filter((n) => n.href.endsWith(`/${zoneId}`))
			.map((n) => n.event)
			.reverse();
	}
	return told;
}

describe('workflow notices', () => {
	it('tells the LAO officers asked, then the governor and provincial office, then the planners', async () => {
		const { zone, revision } = await draftIn40('เขตแจ้งเตือนครบรอบ');
		const covered = revision.coveredLaos.map((c) => c.dlaCode);
		const officer = await createTestUser(database.db, {
			role: 'lao_officer',
			dlaCode: covered[0]!
		});
		const everyone = [planner40, otherPlanner40, governor40, planner41, governor41, officer];

		await requestResponses(database.db, {
			actor: planner40,
			zoneId: zone.id,
			revisionId: revision.id
		});
		const asked = await listMyZoneNotices(database.db, { actor: officer });
		expect(asked[0]).toMatchObject({
			event: 'response_requested',
			zoneName: 'เขตแจ้งเตือนครบรอบ',
			href: `/consultations/zones/${zone.id}`,
			unread: true
		});

		await runWorkflowEvent(database.db, {
			actor: planner40,
			zoneId: zone.id,
			revisionId: revision.id,
			event: 'submit'
		});
		await runWorkflowEvent(database.db, {
			actor: governor40,
			zoneId: zone.id,
			revisionId: revision.id,
			event: 'return',
			reasonCodes: ['boundary_unclear']
		});

		expect(await toldAbout(zone.id, everyone)).toEqual({
			// The actor is never told of their own act; the other planner of the province is.
			[planner40.username]: ['returned'],
			[otherPlanner40.username]: ['submitted', 'returned'],
			[governor40.username]: ['submitted'],
			[planner41.username]: [],
			[governor41.username]: [],
			[officer.username]: ['response_requested']
		});
		const governorsNotice = (await listMyZoneNotices(database.db, { actor: governor40 })).find(
			(n) => n.href === `/review/zones/${zone.id}`
		)!;
		expect(governorsNotice.event).toBe('submitted');
	});

	it('counts unread notices for the badge and opening one clears it, for its owner only', async () => {
		const { zone, revision } = await draftIn40('เขตแจ้งเตือนเปิดอ่าน');
		const before = await unreadZoneNoticeCount(database.db, governor40);
		await runWorkflowEvent(database.db, {
			actor: planner40,
			zoneId: zone.id,
			revisionId: revision.id,
			event: 'submit'
		});
		expect(await unreadZoneNoticeCount(database.db, governor40)).toBe(before + 1);
		const notice = (await listMyZoneNotices(database.db, { actor: governor40 }))[0]!;

		// Someone else's notice is not found (its existence does not leak).
		const stranger = await expectRefusal(
			openZoneNotice(database.db, { actor: governor41, noticeId: notice.id })
		);
		expect(stranger.kind).toBe('not_found');
		await expectRefusal(
			openZoneNotice(database.db, { actor: null, noticeId: notice.id }),
			'forbidden'
		);

		expect(await openZoneNotice(database.db, { actor: governor40, noticeId: notice.id })).toEqual({
			href: `/review/zones/${zone.id}`
		});
		expect(await unreadZoneNoticeCount(database.db, governor40)).toBe(before);
		// Opening again still leads there and counts nothing twice.
		await openZoneNotice(database.db, { actor: governor40, noticeId: notice.id });
		expect(await unreadZoneNoticeCount(database.db, governor40)).toBe(before);
	});

	it('writes no notice when the event is refused (one transaction)', async () => {
		const { zone, revision } = await draftIn40('เขตแจ้งเตือนถูกปฏิเสธ');
		const before = await unreadZoneNoticeCount(database.db, governor40);
		// The other province's governor may not approve: nobody hears of it.
		await runWorkflowEvent(database.db, {
			actor: planner40,
			zoneId: zone.id,
			revisionId: revision.id,
			event: 'submit'
		});
		const plannersBefore = await unreadZoneNoticeCount(database.db, otherPlanner40);
		const refused = await expectRefusal(
			runWorkflowEvent(database.db, {
				actor: governor41,
				zoneId: zone.id,
				revisionId: revision.id,
				event: 'approve'
			})
		);
		expect(['forbidden', 'not_found']).toContain(refused.kind);
		// A stale revision is refused after the state was checked: still no notice.
		const stale = await expectRefusal(
			runWorkflowEvent(database.db, {
				actor: governor40,
				zoneId: zone.id,
				revisionId: revision.id + 100_000,
				event: 'approve'
			})
		);
		expect(stale.kind).toBe('conflict');
		expect(await unreadZoneNoticeCount(database.db, otherPlanner40)).toBe(plannersBefore);
		expect(await unreadZoneNoticeCount(database.db, governor40)).toBe(before + 1);
	});

	it('emails each notice once although two senders run at once', async () => {
		const { zone, revision } = await draftIn40('เขตแจ้งเตือนอีเมล');
		await database.db
			.updateTable('app_user')
			.set({ email: 'other.planner40@example.go.th' })
			.where('id', '=', otherPlanner40.userId)
			.execute();
		// Earlier tests' notices have no address: nothing of theirs is sent.
		await runWorkflowEvent(database.db, {
			actor: planner40,
			zoneId: zone.id,
			revisionId: revision.id,
			event: 'submit'
		});
		await runWorkflowEvent(database.db, {
			actor: governor40,
			zoneId: zone.id,
			revisionId: revision.id,
			event: 'approve'
		});
		const sent: { to: string; subject: string; text: string }[] = [];
		const mailer = async (message: { to: string; subject: string; text: string }) => {
			// Slow enough that the two senders overlap.
			await new Promise((resolve) => setTimeout(resolve, 20));
			sent.push(message);
		};
		const options = { mailer, baseUrl: 'https://sedz.example.go.th', batchSize: 1 };
		const [a, b] = await Promise.all([
			sendDueZoneNotices(database.db, options),
			sendDueZoneNotices(database.db, options)
		]);
		expect(a.sent + b.sent).toBe(2);
		expect(sent.map((m) => m.to)).toEqual([
			'other.planner40@example.go.th',
			'other.planner40@example.go.th'
		]);
		expect(sent.map((m) => m.subject).sort()).toEqual([
			'[SEDZ] ผู้ว่าราชการจังหวัดอนุมัติเขต เขตแจ้งเตือนอีเมล',
			'[SEDZ] เสนอเขต เขตแจ้งเตือนอีเมล ให้ผู้ว่าราชการจังหวัดพิจารณา'
		]);
		expect(sent[0]!.text).toContain('— English —');
		expect(sent[0]!.text).toMatch(/https:\/\/sedz\.example\.go\.th\/coordination\/notices\/\d+/);
		// Nothing is left to send.
		expect((await sendDueZoneNotices(database.db, options)).claimed).toBe(0);
	});
});
