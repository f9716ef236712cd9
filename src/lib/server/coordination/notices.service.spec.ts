import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser } from '../../../../tests/fixtures/users';
import { engine, openTestDatabase } from '../../../../tests/setup/test-database';
import type { Actor } from '../../accounts/roles';
import { changeOwnEmail, createUser, listUsers, updateUser } from '../accounts/user.service';
import { noticeMailSettings, readConfig } from '../config';
import { DomainError } from '../domain-errors';
import { openPostgres, type Database } from '../db/database';
import { recordInput, scheduleInput } from './coordination.schemas';
import { createRecord } from './coordination.service';
import {
	getNoticeOutbox,
	maxNoticeAttempts,
	queueRecordNotices,
	retryDelayMs,
	sendDueNotices,
	smtpMailer
} from './notices.service';
import { createReportSchedule } from './report-schedule.service';

/**
 * Email notices against the real database and a real SMTP server (smtp-server on loopback):
 * what is queued when a record is created, that two senders at once send each notice once,
 * and that a refusing server leaves the notice failed with its error, retried with backoff.
 */

let database: Database & { url?: string };
let dla: Actor, planner40: Actor, governor40: Actor, lao906: Actor;
let planner40NoEmail: Actor, planner40Disabled: Actor, lao907: Actor, planner30: Actor;
const baseUrl = 'https://sedz.example.go.th';
// 15 November 2026 in Bangkok.
const november = new Date('2026-11-15T03:00:00Z');

interface Received {
	to: string[];
	subject: string;
	text: string;
}

/** RFC 2047 encoded words (=?UTF-8?B?…?= and ?Q?) of a header, decoded. */
function decodeHeader(value: string): string {
	return value
		.replace(/\?=\s+=\?/g, '?==?')
		.replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_, enc: string, data: string) =>
			enc.toLowerCase() === 'b'
				? Buffer.from(data, 'base64').toString('utf8')
				: Buffer.from(
						data
							.replace(/_/g, ' ')
							.replace(/=([0-9a-f]{2})/gi, (_m, hex: string) =>
								String.fromCharCode(parseInt(hex, 16))
							),
						'latin1'
					).toString('utf8')
		);
}

/** A single-part text/plain message as nodemailer writes it. */
function parseMessage(raw: string, to: string[]): Received {
	const split = raw.indexOf('\r\n\r\n');
	const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
	const body = raw.slice(split + 4);
	const header = (name: string) =>
		head
			.split('\r\n')
			.find((line) => line.toLowerCase().startsWith(`${name.toLowerCase()}:`))
			?.slice(name.length + 1)
			.trim() ?? '';
	const encoding = header('Content-Transfer-Encoding').toLowerCase();
	const text =
		encoding === 'base64'
			? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
			: encoding === 'quoted-printable'
				? Buffer.from(
						body
							.replace(/=\r\n/g, '')
							.replace(/=([0-9A-F]{2})/g, (_m, hex: string) =>
								String.fromCharCode(parseInt(hex, 16))
							),
						'latin1'
					).toString('utf8')
				: body;
	return { to, subject: decodeHeader(header('Subject')), text };
}

/** A real SMTP server on 127.0.0.1 (any free port) keeping what it accepts. */
async function startSmtp(options: { refuse?: string } = {}) {
	const received: Received[] = [];
	const server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS', 'AUTH'],
		logger: false,
		onMailFrom(_address, _session, callback) {
			if (!options.refuse) return callback();
			const error = new Error(options.refuse) as Error & { responseCode: number };
			error.responseCode = 451;
			callback(error);
		},
		onData(stream, session, callback) {
			const chunks: Buffer[] = [];
			stream.on('data', (chunk: Buffer) => chunks.push(chunk));
			stream.on('end', () => {
				received.push(
					parseMessage(
						Buffer.concat(chunks).toString('latin1'),
						session.envelope.rcptTo.map((r) => r.address)
					)
				);
				callback();
			});
		}
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const port = (server.server.address() as { port: number }).port;
	const mailer = smtpMailer({
		smtpUrl: `smtp://127.0.0.1:${port}`,
		from: 'SEDZ <sedz@example.go.th>',
		baseUrl
	});
	return {
		received,
		mailer,
		close: async () => {
			mailer.close();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		}
	};
}

async function setEmail(actor: Actor, email: string | null, disabled = false) {
	await database.db
		.updateTable('app_user')
		.set({ email, disabled })
		.where('id', '=', actor.userId)
		.execute();
}

async function outboxOf(recordId: number) {
	return database.db
		.selectFrom('notice_outbox as n')
		.innerJoin('record_recipient as rr', 'rr.id', 'n.record_recipient_id')
		.select(['n.id', 'n.user_id', 'n.status', 'n.attempts', 'n.last_error', 'rr.party_kind'])
		.where('rr.record_id', '=', recordId)
		.orderBy('n.user_id')
		.execute();
}

async function directiveToKhonKaen(subject: string) {
	const { recordId } = await createRecord(database.db, {
		actor: dla,
		input: recordInput.parse({
			kind: 'directive',
			subject,
			documentNumber: 'มท ๐๘๐๑.๒/ว ๕๒',
			dueDate: '3/12/2569',
			recipients: ['provincial_office:TH40', 'governor:TH40'],
			recipientLaos: '6400906'
		})
	});
	return recordId;
}

beforeAll(async () => {
	database = await openTestDatabase('imported');
	dla = await createTestUser(database.db, { role: 'dla_staff' });
	planner40 = await createTestUser(database.db, { role: 'planner', provinceCode: 'TH40' });
	planner40NoEmail = await createTestUser(database.db, { role: 'planner', provinceCode: 'TH40' });
	planner40Disabled = await createTestUser(database.db, { role: 'planner', provinceCode: 'TH40' });
	governor40 = await createTestUser(database.db, { role: 'governor', provinceCode: 'TH40' });
	lao906 = await createTestUser(database.db, {
		role: 'lao_officer',
		dlaCode: '6400906',
		provinceCode: 'TH40'
	});
	lao907 = await createTestUser(database.db, {
		role: 'lao_officer',
		dlaCode: '6400907',
		provinceCode: 'TH40'
	});
	planner30 = await createTestUser(database.db, { role: 'planner', provinceCode: 'TH30' });
	await setEmail(dla, 'dla.staff@example.go.th');
	await setEmail(planner40, 'planner40@example.go.th');
	await setEmail(planner40Disabled, 'gone@example.go.th', true);
	await setEmail(governor40, 'Governor40@Example.go.th'.toLowerCase());
	await setEmail(lao906, 'lao906@example.go.th');
	await setEmail(lao907, 'lao907@example.go.th');
	await setEmail(planner30, 'planner30@example.go.th');
});
afterAll(() => database?.close());

describe('queueing', () => {
	it('the table refuses a malformed address', async () => {
		await expect(setEmail(planner40NoEmail, 'not an address')).rejects.toThrow();
	});

	it('creating a record queues one notice per recipient user with an email, in the same transaction', async () => {
		const recordId = await directiveToKhonKaen('เร่งรัดการจัดทำเขตพัฒนาเศรษฐกิจพอเพียง');
		const rows = await outboxOf(recordId);
		// Not the sender (DLA), not the planner without email, not the disabled one, not other
		// LAOs or provinces.
		expect(rows.map((r) => [r.user_id, r.party_kind, r.status, r.attempts])).toEqual(
			[
				[planner40.userId, 'provincial_office', 'pending', 0],
				[governor40.userId, 'governor', 'pending', 0],
				[lao906.userId, 'lao', 'pending', 0]
			].sort((a, b) => (a[0] as number) - (b[0] as number))
		);
		expect(
			await database.db.transaction().execute((trx) => queueRecordNotices(trx, recordId))
		).toBe(0);
		expect((await outboxOf(recordId)).length).toBe(3);
	});

	it('a refused record queues nothing', async () => {
		const before = await database.db
			.selectFrom('notice_outbox')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.executeTakeFirstOrThrow();
		await expect(
			createRecord(database.db, {
				actor: dla,
				input: recordInput.parse({
					kind: 'directive',
					subject: 'x',
					recipients: ['provincial_office:TH40'],
					linkZones: '999999'
				})
			})
		).rejects.toThrow();
		const after = await database.db
			.selectFrom('notice_outbox')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.executeTakeFirstOrThrow();
		expect(Number(after.n)).toBe(Number(before.n));
	});

	it('the monthly schedule queues the LAO users once, however often it runs', async () => {
		const { scheduleId } = await createReportSchedule(database.db, {
			actor: planner40,
			input: scheduleInput.parse({
				reportKind: 'sedz_progress',
				subject: 'รายงานความก้าวหน้าเขตพัฒนาเศรษฐกิจพอเพียงประจำเดือน',
				dayOfMonth: '3',
				recipientsRule: 'every_lao_of_province',
				ruleProvinceCode: 'TH40'
			}),
			now: november
		});
		const { runReportSchedules } = await import('./report-schedule.service');
		await runReportSchedules(database.db, { now: november });
		const record = await database.db
			.selectFrom('coordination_record')
			.select('id')
			.where('schedule_id', '=', scheduleId)
			.executeTakeFirstOrThrow();
		const rows = await outboxOf(record.id);
		expect(rows.map((r) => r.user_id)).toEqual([lao906.userId, lao907.userId]);
	});
});

describe('sending', () => {
	it('two senders at once send each notice exactly once, in Thai then English, with the link', async () => {
		const smtp = await startSmtp();
		const pending = await database.db
			.selectFrom('notice_outbox')
			.select(['id'])
			.where('status', '=', 'pending')
			.execute();
		expect(pending.length).toBe(5);
		// A second instance: its own pool on the same database (PGlite has one connection, so
		// there the two senders interleave on it).
		const other = engine === 'postgres' ? await openPostgres(database.url!, 2) : database;
		try {
			const senders = [database, other].map((d) =>
				sendDueNotices(d.db, { mailer: smtp.mailer, baseUrl, batchSize: 2 })
			);
			const results = engine === 'postgres' ? await Promise.all(senders) : [];
			if (engine !== 'postgres') for (const s of senders) results.push(await s);
			expect(results.reduce((n, r) => n + r.sent, 0)).toBe(5);
			expect(results.reduce((n, r) => n + r.failed, 0)).toBe(0);
		} finally {
			if (other !== database) await other.close();
		}
		// Nothing is left: a third run sends nothing.
		expect(await sendDueNotices(database.db, { mailer: smtp.mailer, baseUrl })).toEqual({
			claimed: 0,
			sent: 0,
			failed: 0
		});
		await smtp.close();

		expect(
			smtp.received
				.map((m) => m.to)
				.flat()
				.sort()
		).toEqual(
			[
				'planner40@example.go.th',
				'governor40@example.go.th',
				'lao906@example.go.th',
				'lao906@example.go.th',
				'lao907@example.go.th'
			].sort()
		);
		const directive = smtp.received.find((m) => m.to[0] === 'governor40@example.go.th')!;
		expect(directive.subject).toBe('[SEDZ] หนังสือใหม่: เร่งรัดการจัดทำเขตพัฒนาเศรษฐกิจพอเพียง');
		const [thai, english] = directive.text.split('— English —');
		expect(thai).toContain('เรียน ผู้ว่าราชการจังหวัดขอนแก่น');
		expect(thai).toContain('ประเภท: ข้อสั่งการ');
		expect(thai).toContain('ที่: มท ๐๘๐๑.๒/ว ๕๒');
		expect(thai).toContain('จาก: กรมส่งเสริมการปกครองท้องถิ่น');
		expect(thai).toContain('กำหนดภายใน: ๓ ธันวาคม ๒๕๖๙');
		expect(english).toContain('To: Governor of Khon Kaen');
		expect(english).toContain('Kind: Directive');
		expect(english).toContain('Due by: 3 December 2026');
		const ids = await database.db
			.selectFrom('coordination_record')
			.select('id')
			.where('kind', '=', 'directive')
			.orderBy('id')
			.execute();
		expect(thai).toContain(`${baseUrl}/coordination/records/${ids[0]!.id}`);
		expect(english).toContain(`${baseUrl}/coordination/records/${ids[0]!.id}`);
		// Organisations only: no person's name or address in the body.
		for (const m of smtp.received) {
			expect(m.text).not.toMatch(/Test (planner|dla_staff|governor|lao_officer)/);
			expect(m.text).not.toMatch(/@example\.go\.th/);
		}
		const report = smtp.received.find((m) => m.to[0] === 'lao907@example.go.th')!;
		expect(report.text).toContain('งวดรายงาน: พฤศจิกายน ๒๕๖๙');
		expect(report.text).toContain('Report period: November 2026');
		expect(report.text).toContain('กำหนดภายใน: ๓ ธันวาคม ๒๕๖๙');

		const outbox = await getNoticeOutbox(database.db, {
			actor: dla,
			settings: { smtpUrl: 'smtp://x', from: 'SEDZ <sedz@example.go.th>', baseUrl }
		});
		expect(outbox.counts).toEqual({ pending: 0, sent: 5, retrying: 0, failed: 0 });
		expect(outbox.notices.every((n) => n.shownStatus === 'sent' && n.sentAt !== null)).toBe(true);
		await expect(
			getNoticeOutbox(database.db, { actor: planner40, settings: null })
		).rejects.toThrow();
	});

	it('a refusing server leaves the notice failed with its error, retried with backoff, then sent', async () => {
		await setEmail(governor40, null);
		await setEmail(lao906, null);
		const recordId = await directiveToKhonKaen('ทดสอบเซิร์ฟเวอร์ปฏิเสธ');
		const [notice] = await outboxOf(recordId);
		expect((await outboxOf(recordId)).length).toBe(1);
		const refusing = await startSmtp({ refuse: 'mailbox busy, try later' });
		let clock = new Date();
		const now = () => clock;
		try {
			const first = await sendDueNotices(database.db, { mailer: refusing.mailer, baseUrl, now });
			expect(first).toEqual({ claimed: 1, sent: 0, failed: 1 });
			let [row] = await outboxOf(recordId);
			expect(row).toMatchObject({ id: notice!.id, status: 'failed', attempts: 1 });
			expect(row!.last_error).toMatch(/451.*mailbox busy, try later/);
			// Not before the backoff.
			expect(
				(await sendDueNotices(database.db, { mailer: refusing.mailer, baseUrl, now })).claimed
			).toBe(0);
			clock = new Date(clock.getTime() + retryDelayMs(1) + 1000);
			expect(
				(await sendDueNotices(database.db, { mailer: refusing.mailer, baseUrl, now })).failed
			).toBe(1);
			[row] = await outboxOf(recordId);
			expect(row).toMatchObject({ status: 'failed', attempts: 2 });

			const good = await startSmtp();
			clock = new Date(clock.getTime() + retryDelayMs(2) + 1000);
			expect(await sendDueNotices(database.db, { mailer: good.mailer, baseUrl, now })).toEqual({
				claimed: 1,
				sent: 1,
				failed: 0
			});
			await good.close();
			expect(good.received.map((m) => m.to)).toEqual([['planner40@example.go.th']]);
			[row] = await outboxOf(recordId);
			expect(row).toMatchObject({ status: 'sent', attempts: 3, last_error: null });
		} finally {
			await refusing.close();
		}
	});

	it(`gives up after ${maxNoticeAttempts} attempts`, async () => {
		const recordId = await directiveToKhonKaen('ทดสอบส่งไม่สำเร็จ');
		const refusing = await startSmtp({ refuse: 'no' });
		let clock = new Date();
		const now = () => clock;
		try {
			for (let i = 1; i <= maxNoticeAttempts; i++) {
				expect(
					(await sendDueNotices(database.db, { mailer: refusing.mailer, baseUrl, now })).failed
				).toBe(1);
				clock = new Date(clock.getTime() + retryDelayMs(i) + 1000);
			}
			clock = new Date(clock.getTime() + 365 * 86_400_000);
			expect(
				(await sendDueNotices(database.db, { mailer: refusing.mailer, baseUrl, now })).claimed
			).toBe(0);
		} finally {
			await refusing.close();
		}
		const [row] = await outboxOf(recordId);
		expect(row).toMatchObject({ status: 'failed', attempts: maxNoticeAttempts });
		const outbox = await getNoticeOutbox(database.db, { actor: dla, settings: null });
		expect(outbox.counts.failed).toBe(1);
		expect(outbox.smtpConfigured).toBe(false);
	});

	it('a user who removed their address meanwhile is not emailed', async () => {
		await setEmail(governor40, 'governor40@example.go.th');
		const recordId = await directiveToKhonKaen('ทดสอบลบอีเมล');
		await setEmail(governor40, null);
		const smtp = await startSmtp();
		await sendDueNotices(database.db, { mailer: smtp.mailer, baseUrl });
		await smtp.close();
		expect(smtp.received.map((m) => m.to[0])).toEqual(['planner40@example.go.th']);
		const rows = await outboxOf(recordId);
		expect(rows.find((r) => r.user_id === governor40.userId)).toMatchObject({
			status: 'failed',
			attempts: maxNoticeAttempts
		});
	});
});

describe('addresses', () => {
	async function auditOf(userId: number) {
		return database.db
			.selectFrom('audit_log')
			.select(['action', 'actor_user_id', 'before', 'after'])
			.where('entity_type', '=', 'user')
			.where('entity_id', '=', String(userId))
			.orderBy('id')
			.execute();
	}

	it('DLA staff set one when creating or editing a user; audited masked as user.updated', async () => {
		const { userId } = await createUser(database.db, dla, {
			username: 'notice.address',
			displayName: 'ทดสอบที่อยู่อีเมล',
			position: null,
			role: 'governor',
			provinceCode: 'TH30',
			dlaCode: null,
			password: 'นาข้าวริมลำน้ำพองยามเช้า',
			email: ' Somchai@Example.GO.th '
		});
		const listed = (await listUsers(database.db, dla)).find((u) => u.id === userId);
		expect(listed?.email).toBe('somchai@example.go.th');
		await updateUser(database.db, dla, userId, { email: 'other@example.go.th' });
		await updateUser(database.db, dla, userId, { displayName: 'ชื่อใหม่' });
		const audit = await auditOf(userId);
		expect(audit.map((a) => a.action)).toEqual(['user.created', 'user.updated', 'user.updated']);
		expect(audit[0]!.after).toMatchObject({ email: 's***@example.go.th' });
		expect(audit[1]).toMatchObject({
			actor_user_id: dla.userId,
			before: { email: 's***@example.go.th' },
			after: { email: 'o***@example.go.th' }
		});
		// The full address is kept nowhere in the trail.
		expect(JSON.stringify(audit)).not.toContain('somchai');
		expect(audit[2]!.after).not.toHaveProperty('email');
	});

	it('a bad address is refused naming the email field', async () => {
		for (const email of [
			'no-at-sign',
			'a@b',
			'two@@example.go.th',
			`${'x'.repeat(250)}@example.go.th`
		]) {
			const refused = await updateUser(database.db, dla, planner30.userId, { email }).catch(
				(error: unknown) => error
			);
			expect(refused, email).toBeInstanceOf(DomainError);
			expect((refused as DomainError).problems.map((p) => [p.field, p.rule])).toEqual([
				['email', email.length > 254 ? 'user.email.too_long' : 'user.email.format']
			]);
		}
		const refused = await changeOwnEmail(database.db, lao907, 'ไม่ใช่อีเมล').catch(
			(error: unknown) => error
		);
		expect((refused as DomainError).problems[0]?.field).toBe('email');
	});

	it('each user sets or removes their own; the public cannot', async () => {
		expect(await changeOwnEmail(database.db, lao907, 'LAO907.new@example.go.th')).toEqual({
			email: 'lao907.new@example.go.th'
		});
		expect(await changeOwnEmail(database.db, lao907, '  ')).toEqual({ email: null });
		const audit = (await auditOf(lao907.userId)).filter((a) => a.action === 'user.updated');
		expect(audit.map((a) => [a.actor_user_id, a.before, a.after])).toEqual([
			[
				lao907.userId,
				{ username: lao907.username, email: 'l***@example.go.th' },
				{ username: lao907.username, email: 'l***@example.go.th', byThemselves: true }
			],
			[
				lao907.userId,
				{ username: lao907.username, email: 'l***@example.go.th' },
				{ username: lao907.username, email: null, byThemselves: true }
			]
		]);
		const refused = await changeOwnEmail(database.db, null, 'a@example.go.th').catch(
			(error: unknown) => error
		);
		expect((refused as DomainError).kind).toBe('forbidden');
	});
});

describe('settings', () => {
	it('SMTP needs a sender and ORIGIN; without SMTP_URL nothing is sent', () => {
		expect(noticeMailSettings(readConfig({}))).toBeNull();
		expect(() => readConfig({ SMTP_URL: 'smtp://mail.example.go.th:587' })).toThrow(
			/SMTP_FROM: required when SMTP_URL is set; ORIGIN: required/
		);
		expect(() =>
			readConfig({ SMTP_URL: 'http://mail', SMTP_FROM: 'a@b.c', ORIGIN: baseUrl })
		).toThrow(/SMTP_URL/);
		expect(
			noticeMailSettings(
				readConfig({
					SMTP_URL: 'smtp://user:pass@mail.example.go.th:587',
					SMTP_FROM: 'SEDZ <sedz@example.go.th>',
					ORIGIN: `${baseUrl}/`
				})
			)
		).toEqual({
			smtpUrl: 'smtp://user:pass@mail.example.go.th:587',
			from: 'SEDZ <sedz@example.go.th>',
			baseUrl
		});
	});
});
