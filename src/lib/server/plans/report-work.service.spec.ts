import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	nextMonthStart,
	reportingZones,
	submittedReport,
	type ReportingZone
} from '../../../../tests/fixtures/plans';
import { expectRefusal } from '../../../../tests/fixtures/refusals';
import { createTestUser } from '../../../../tests/fixtures/users';
import { engine, openTestDatabase } from '../../../../tests/setup/test-database';
import type { Actor } from '../../accounts/roles';
import { openPostgres, type Database } from '../db/database';
import {
	listMyZoneNotices,
	queueOverdueReportNotices,
	sendDueZoneNotices
} from '../zones/zone-notice.service';
import { runProgressReportSchedule, runReportEvent } from './progress-report.service';
import { countMyReportWork, getMyReportWork, getOverdueReports } from './report-work.service';

/**
 * Monthly progress reports as work (issue 16 item 2) on the real database: who sees which
 * report in the inbox and on the overdue dashboard, overdue from 00:00 Bangkok after the due
 * day, the overdue notice made once when two instances run, and the notices of submit and
 * return.
 */

let database: Database & { url?: string };
let dla: Actor, planner40: Actor, otherPlanner40: Actor, governor40: Actor;
let planner41: Actor, governor41: Actor, officer: Actor, otherOfficer: Actor;
let zoneId: number;
let otherZoneId: number;
const { now: nextMonth, period } = nextMonthStart();
/** The report's due day: the 3rd of the month after the period. */
const dueDate = `${nextMonth.toISOString().slice(0, 7)}-03`;
/** 23:59:59 on the due day in Bangkok, and the next second (00:00 on the 4th, Bangkok). */
const lastSecondOfDueDay = new Date(`${dueDate}T16:59:59Z`);
const firstSecondAfter = new Date(`${dueDate}T17:00:00Z`);

beforeAll(async () => {
	database = await openTestDatabase('imported');
	const db = database.db;
	const made = await reportingZones(db, [
		{ name: 'เขตงานรายงาน', plan: true },
		{ name: 'เขตงานรายงานที่สอง', officer: true }
	]);
	({ dla, planner: planner40, governor: governor40 } = made);
	[{ zoneId, officer }, { zoneId: otherZoneId, officer: otherOfficer }] = made.zones as [
		Required<ReportingZone>,
		Required<ReportingZone>
	];
	otherPlanner40 = await createTestUser(db, { role: 'planner', provinceCode: 'TH40' });
	planner41 = await createTestUser(db, { role: 'planner', provinceCode: 'TH41' });
	governor41 = await createTestUser(db, { role: 'governor', provinceCode: 'TH41' });
	// Addresses from now on: the zones' workflow notices above have none, so are not emailed.
	for (const [user, email] of [
		[officer, 'officer@example.go.th'],
		[planner40, 'planner40@example.go.th'],
		[otherPlanner40, 'other.planner40@example.go.th']
	] as const)
		await db.updateTable('app_user').set({ email }).where('id', '=', user.userId).execute();
	await runProgressReportSchedule(db, { now: nextMonth });
});
afterAll(() => database?.close());

const ours = (items: { zoneId: number; period: string }[]) =>
	items
		.filter((i) => (i.zoneId === zoneId || i.zoneId === otherZoneId) && i.period === period)
		.map((i) => i.zoneId);

/** Each user's notices of the report events about our zones, as `event` names. */
async function reportNotices(user: Actor) {
	const notices = await listMyZoneNotices(database.db, { actor: user, limit: 100 });
	return notices
		.filter((n) => n.period === period && (n.zoneId === zoneId || n.zoneId === otherZoneId))
		.map((n) => `${n.event}:${n.zoneId === zoneId ? 'zone' : 'other'}`)
		.sort();
}

describe(`monthly reports in the inbox and the overdue dashboard on ${engine}`, () => {
	it('shows each report to those who file it, with a link to its page; none to others', async () => {
		const db = database.db;
		const mine = await getMyReportWork(db, { actor: officer, now: lastSecondOfDueDay });
		expect(ours(mine.toFile)).toEqual([zoneId]);
		expect(mine.toReview).toEqual([]);
		const item = mine.toFile.find((i) => i.zoneId === zoneId)!;
		expect(item).toMatchObject({
			status: 'draft',
			dueDate,
			daysOverdue: 0,
			href: `/plan/zones/${zoneId}/reports/${period}`,
			province: { th: 'ขอนแก่น' }
		});
		expect(item.laos.map((l) => l.dlaCode)).toContain(officer.dlaCode);
		expect(ours((await getMyReportWork(db, { actor: otherOfficer })).toFile)).toEqual([
			otherZoneId
		]);
		expect(ours((await getMyReportWork(db, { actor: planner40 })).toFile)).toEqual([
			zoneId,
			otherZoneId
		]);
		for (const actor of [planner41, governor40, dla]) {
			const work = await getMyReportWork(db, { actor });
			expect(ours(work.toFile), actor.username).toEqual([]);
			expect(ours(work.toReview), actor.username).toEqual([]);
		}
		expect(await countMyReportWork(db, officer)).toBe(1);
		expect(await countMyReportWork(db, governor40)).toBe(0);
		expect(await countMyReportWork(db, null)).toBe(0);
		await expectRefusal(getMyReportWork(db, { actor: null }), 'forbidden');
	});

	it('counts a report overdue from 00:00 Bangkok after its due day, for DLA and the province only', async () => {
		const db = database.db;
		expect(ours(await getOverdueReports(db, { actor: dla, now: lastSecondOfDueDay }))).toEqual([]);
		const overdue = await getOverdueReports(db, { actor: governor40, now: firstSecondAfter });
		expect(ours(overdue)).toEqual([zoneId, otherZoneId]);
		expect(overdue.find((i) => i.zoneId === zoneId)!.daysOverdue).toBe(1);
		expect(ours(await getOverdueReports(db, { actor: dla, now: firstSecondAfter }))).toEqual([
			zoneId,
			otherZoneId
		]);
		expect(
			ours(await getOverdueReports(db, { actor: dla, now: firstSecondAfter, provinceCode: 'TH41' }))
		).toEqual([]);
		// A province's people see their province whatever they ask for.
		expect(
			ours(
				await getOverdueReports(db, {
					actor: governor41,
					now: firstSecondAfter,
					provinceCode: 'TH40'
				})
			)
		).toEqual([]);
		const later = new Date(firstSecondAfter.getTime() + 9 * 86_400_000);
		expect(
			(await getOverdueReports(db, { actor: planner40, now: later })).find(
				(i) => i.zoneId === zoneId
			)!.daysOverdue
		).toBe(10);
		for (const actor of [officer, null])
			await expectRefusal(getOverdueReports(db, { actor }), 'forbidden');
		// The inbox marks it too.
		const mine = await getMyReportWork(db, { actor: officer, now: firstSecondAfter });
		expect(mine.toFile.find((i) => i.zoneId === zoneId)!.daysOverdue).toBe(1);
	});

	it('tells the filers of an overdue report once, even when two instances run at once', async () => {
		expect(await queueOverdueReportNotices(database.db, { now: lastSecondOfDueDay })).toBe(0);
		const other = engine === 'postgres' ? await openPostgres(database.url!, 2) : database;
		try {
			await Promise.all([
				queueOverdueReportNotices(database.db, { now: firstSecondAfter }),
				queueOverdueReportNotices(other.db, { now: firstSecondAfter }),
				queueOverdueReportNotices(database.db, { now: firstSecondAfter })
			]);
		} finally {
			if (other !== database) await other.close();
		}
		const rows = await database.db
			.selectFrom('zone_notice')
			.innerJoin('progress_report', 'progress_report.id', 'zone_notice.progress_report_id')
			.select(['zone_notice.user_id as userId', 'progress_report.zone_id as zoneId'])
			.where('zone_notice.event', '=', 'report_overdue')
			.where('progress_report.zone_id', 'in', [zoneId, otherZoneId])
			.execute();
		// Each filer of each report once: the zone's LAO officer and the province's two planners.
		const pairs = rows.map((r) => `${r.zoneId}:${r.userId}`);
		expect(new Set(pairs).size).toBe(pairs.length);
		expect(
			rows
				.filter((r) => r.zoneId === zoneId)
				.map((r) => r.userId)
				.sort()
		).toEqual([officer.userId, planner40.userId, otherPlanner40.userId].sort());
		expect(
			rows
				.filter((r) => r.zoneId === otherZoneId)
				.map((r) => r.userId)
				.sort()
		).toEqual([otherOfficer.userId, planner40.userId, otherPlanner40.userId].sort());
		// A later run, a day later, makes none again.
		const dayLater = new Date(firstSecondAfter.getTime() + 86_400_000);
		expect(await queueOverdueReportNotices(database.db, { now: dayLater })).toBe(0);

		expect(await reportNotices(officer)).toEqual(['report_overdue:zone']);
		expect(await reportNotices(governor40)).toEqual([]);
		const [notice] = (await listMyZoneNotices(database.db, { actor: officer })).filter(
			(n) => n.event === 'report_overdue' && n.zoneId === zoneId
		);
		expect(notice!.href).toBe(`/plan/zones/${zoneId}/reports/${period}`);
	});

	it('tells the provincial office of a submit and the filers of a return, and emails each once', async () => {
		const db = database.db;
		const { saved, submitted } = await submittedReport(db, { officer, zoneId, period });
		expect(await reportNotices(planner40)).toEqual([
			'report_overdue:other',
			'report_overdue:zone',
			'report_submitted:zone'
		]);
		// The officer who submitted is not told of it; the governor reviews nothing.
		expect(await reportNotices(officer)).toEqual(['report_overdue:zone']);
		expect(await reportNotices(governor40)).toEqual([]);
		// Submitted: no longer overdue nor to file; awaiting the provincial office.
		expect(ours(await getOverdueReports(db, { actor: dla, now: firstSecondAfter }))).toEqual([
			otherZoneId
		]);
		expect(ours((await getMyReportWork(db, { actor: officer })).toFile)).toEqual([]);
		const review = await getMyReportWork(db, { actor: otherPlanner40 });
		expect(ours(review.toReview)).toEqual([zoneId]);
		expect(ours((await getMyReportWork(db, { actor: officer })).toReview)).toEqual([]);

		// A refused return (a stale version) tells no one.
		await expectRefusal(
			runReportEvent(db, {
				actor: planner40,
				zoneId,
				period,
				input: { event: 'return', version: saved.report.version, reason: 'ขอรูปถ่าย' }
			})
		);
		expect(await reportNotices(officer)).toEqual(['report_overdue:zone']);
		await runReportEvent(db, {
			actor: planner40,
			zoneId,
			period,
			input: { event: 'return', version: submitted.version, reason: 'ขอรูปถ่ายประกอบ' }
		});
		expect(await reportNotices(officer)).toEqual(['report_overdue:zone', 'report_returned:zone']);
		expect(await reportNotices(otherPlanner40)).toContain('report_returned:zone');
		expect(await reportNotices(planner40)).not.toContain('report_returned:zone');
		expect(await reportNotices(otherOfficer)).toEqual(['report_overdue:other']);
		// Returned: to file again, not overdue (it was submitted once).
		const back = (await getMyReportWork(db, { actor: officer, now: firstSecondAfter })).toFile;
		expect(back.map((i) => [i.zoneId, i.status, i.daysOverdue])).toEqual([[zoneId, 'returned', 0]]);

		const sent: { to: string; subject: string; text: string }[] = [];
		const mailer = async (message: { to: string; subject: string; text: string }) => {
			await new Promise((resolve) => setTimeout(resolve, 10));
			sent.push(message);
		};
		const options = { mailer, baseUrl: 'https://sedz.example.go.th', batchSize: 1 };
		await Promise.all([sendDueZoneNotices(db, options), sendDueZoneNotices(db, options)]);
		const toOfficer = sent.filter((m) => m.to === 'officer@example.go.th');
		expect(toOfficer.map((m) => m.subject).sort()).toEqual([
			expect.stringMatching(
				/^\[SEDZ\] รายงานความก้าวหน้าประจำเดือน\S+ [๐-๙]{4} ของ เขตงานรายงาน เลยกำหนดส่งแล้ว$/
			),
			expect.stringMatching(/^\[SEDZ\] สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดส่งรายงานความก้าวหน้าประจำเดือน/)
		]);
		const overdueMail = toOfficer.find((m) => m.subject.includes('เลยกำหนด'))!;
		expect(overdueMail.text).toContain('กำหนดภายใน: ๓ ');
		expect(overdueMail.text).toContain('— English —');
		expect(overdueMail.text).toMatch(/progress report of เขตงานรายงาน is overdue/);
		expect(overdueMail.text).not.toContain('Test ');
		// Each notice with an address once: officer 2, planner40 3, otherPlanner40 4.
		expect(sent.length).toBe(9);
		expect((await sendDueZoneNotices(db, options)).claimed).toBe(0);
	});
});
