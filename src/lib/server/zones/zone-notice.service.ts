import type { Kysely } from 'kysely';
import type { Actor, Role } from '../../accounts/roles';
import type { NoticeMailer } from '../coordination/notices.service';
import {
	maxNoticeAttempts,
	retryDelayMs,
	sendClaimedBatches,
	type SendResult
} from '../coordination/notices.service';
import { bangkokDay } from '../../thai-calendar';
import type { DB, ReportNoticeEvent, ZoneNoticeEvent } from '../db/schema';
import { forbidden, notFound } from '../domain-errors';
import { composeZoneNotice } from './zone-notice.message';
import * as repo from './zone-notice.repository';
import { readZoneSights, type VisibleZone } from './zone-visibility';

/**
 * Workflow notices (issue 15, item 8): who is told of a zone's workflow event, in their inbox
 * (the unread badge) and by email when SMTP is configured. `tellOfZoneEvent` runs inside the
 * event's transaction, so an event and its notices commit or roll back together; the email is
 * claimed by one sender at a time (see `sendDueZoneNotices`), so it is never sent twice.
 */

/** Who is told of each event; withdrawing and starting the next draft tell no one. */
export async function tellOfZoneEvent(
	trx: Kysely<DB>,
	args: {
		actor: Actor;
		zone: { id: number; province_code: string };
		event: Exclude<ZoneNoticeEvent, ReportNoticeEvent>;
		/** For `response_requested`: the LAOs asked. */
		dlaCodes?: readonly string[];
	}
): Promise<number> {
	const province = args.zone.province_code;
	const audience: repo.NoticeAudience =
		args.event === 'response_requested'
			? { laoOfficersOf: args.dlaCodes ?? [] }
			: args.event === 'submitted'
				? { governorsOf: province, plannersOf: province }
				: { plannersOf: province };
	return repo.insertZoneNotices(trx, {
		zoneId: args.zone.id,
		event: args.event,
		actorUserId: args.actor.userId,
		audience
	});
}

/**
 * A monthly progress report submitted (→ the province's planners, its provincial office, who
 * review it) or returned (→ its filers: the officers of the zone's LAOs and the province's
 * planners). Inside the event's transaction; the one who acted is not told.
 */
export async function tellOfReportEvent(
	trx: Kysely<DB>,
	args: {
		actor: Actor;
		zone: { id: number; provinceCode: string; dlaCodes: readonly string[] };
		reportId: number;
		event: 'report_submitted' | 'report_returned';
	}
): Promise<number> {
	const province = args.zone.provinceCode;
	return repo.insertZoneNotices(trx, {
		zoneId: args.zone.id,
		event: args.event,
		actorUserId: args.actor.userId,
		progressReportId: args.reportId,
		audience:
			args.event === 'report_submitted'
				? { plannersOf: province }
				: { plannersOf: province, laoOfficersOf: args.zone.dlaCodes }
	});
}

/**
 * Tells the filers of every monthly report not submitted by the end of its due day (Bangkok)
 * that it is overdue, once per report however many instances run it at the same moment. Run
 * by the hourly report scheduler after it makes the month's reports.
 */
export async function queueOverdueReportNotices(
	db: Kysely<DB>,
	options: { now?: Date } = {}
): Promise<number> {
	const today = bangkokDay(options.now ?? new Date());
	return db.transaction().execute((trx) => repo.insertOverdueReportNotices(trx, { today }));
}

/** The page of the recipient's work on the zone they may read. */
function workPageOf(
	role: Role,
	zone: VisibleZone & { sees: 'working_copy' | 'in_force' },
	period: string | null
): string {
	// A report's notice opens the report (its page refuses a reader who may no longer read it).
	if (period !== null) return `/plan/zones/${zone.zoneId}/reports/${period}`;
	if (zone.sees === 'in_force') return `/zones/${zone.zoneId}`;
	if (role === 'governor') return `/review/zones/${zone.zoneId}`;
	if (role === 'lao_officer') return `/consultations/zones/${zone.zoneId}`;
	if (role === 'planner') return `/plan/zones/${zone.zoneId}`;
	return `/zones/${zone.zoneId}`;
}

export interface ZoneNoticeView {
	id: number;
	event: ZoneNoticeEvent;
	zoneId: number;
	/** The zone as the reader may name it now (the one visibility rule). */
	zoneName: string;
	/** A report's month (`2026-11`), for the `report_*` events. */
	period: string | null;
	/** Where opening it leads. */
	href: string;
	createdAt: string;
	unread: boolean;
}

async function visibleNotices(
	db: Kysely<DB>,
	actor: Actor,
	rows: readonly repo.ZoneNoticeRow[]
): Promise<ZoneNoticeView[]> {
	const sights = await readZoneSights(
		db,
		actor,
		rows.map((r) => r.zoneId)
	);
	return rows.flatMap((r) => {
		const zone = sights.get(r.zoneId);
		// A zone the reader may no longer see is not named, not even as a notice.
		if (!zone || zone.sees === 'nothing') return [];
		return [
			{
				id: r.id,
				event: r.event,
				zoneId: r.zoneId,
				zoneName: zone.name,
				period: r.period,
				href: workPageOf(actor.role, zone, r.period),
				createdAt: r.createdAt.toISOString(),
				unread: r.readAt === null
			}
		];
	});
}

/** The signed-in user's latest notices, newest first. */
export async function listMyZoneNotices(
	db: Kysely<DB>,
	args: { actor: Actor | null; limit?: number }
): Promise<ZoneNoticeView[]> {
	if (!args.actor) throw forbidden('Sign in to read your notices');
	const rows = await repo.listZoneNotices(db, {
		userId: args.actor.userId,
		limit: args.limit ?? 30
	});
	return visibleNotices(db, args.actor, rows);
}

/** How many of the user's notices are unread (the badge), counting only zones they may see. */
export async function unreadZoneNoticeCount(db: Kysely<DB>, actor: Actor | null): Promise<number> {
	if (!actor) return 0;
	const rows = await repo.listZoneNotices(db, {
		userId: actor.userId,
		limit: 100,
		unreadOnly: true
	});
	return (await visibleNotices(db, actor, rows)).length;
}

/** Opens one of the user's own notices: marks it read and answers where it leads. */
export async function openZoneNotice(
	db: Kysely<DB>,
	args: { actor: Actor | null; noticeId: number }
): Promise<{ href: string }> {
	const { actor } = args;
	if (!actor) throw forbidden('Sign in to read your notices');
	return db.transaction().execute(async (trx) => {
		const row = await repo.findOwnZoneNotice(trx, { id: args.noticeId, userId: actor.userId });
		const [view] = row ? await visibleNotices(trx, actor, [row]) : [];
		if (!view) throw notFound(`No notice ${args.noticeId}`);
		await repo.markZoneNoticeRead(trx, view.id);
		return { href: view.href };
	});
}

/**
 * Sends the workflow emails due at `now`, with the register's batches, lease and retries
 * (`sendClaimedBatches`).
 */
export async function sendDueZoneNotices(
	db: Kysely<DB>,
	options: { mailer: NoticeMailer; baseUrl: string; now?: () => Date; batchSize?: number }
): Promise<SendResult> {
	const clock = options.now ?? (() => new Date());
	return sendClaimedBatches(db, {
		claim: repo.claimDueZoneNotices,
		sendOne: (notice) => sendOne(db, notice, options, clock),
		now: clock,
		batchSize: options.batchSize
	});
}

async function sendOne(
	db: Kysely<DB>,
	notice: repo.ClaimedZoneNotice,
	options: { mailer: NoticeMailer; baseUrl: string },
	clock: () => Date
): Promise<boolean> {
	const facts = await repo.findZoneNoticeFacts(db, notice.id);
	if (!facts || facts.email === null || facts.disabled || facts.zoneName === null) {
		await repo.markZoneNoticeFailed(db, notice.id, {
			error: 'no address: the user has no email address now, or is disabled',
			retryAt: clock(),
			giveUpAt: maxNoticeAttempts
		});
		return false;
	}
	try {
		const message = composeZoneNotice({
			noticeId: facts.id,
			event: facts.event,
			zoneName: facts.zoneName,
			province:
				facts.provinceTh && facts.provinceEn
					? { th: facts.provinceTh, en: facts.provinceEn }
					: null,
			report:
				facts.period !== null && facts.dueDate !== null
					? { period: facts.period, dueDate: facts.dueDate }
					: null,
			baseUrl: options.baseUrl
		});
		await options.mailer({ ...message, to: facts.email });
	} catch (error) {
		await repo.markZoneNoticeFailed(db, notice.id, {
			error: error instanceof Error ? error.message : String(error),
			retryAt: new Date(clock().getTime() + retryDelayMs(notice.attempts))
		});
		return false;
	}
	await repo.markZoneNoticeSent(db, notice.id, clock());
	return true;
}
