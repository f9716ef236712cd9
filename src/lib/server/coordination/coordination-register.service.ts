import type { Kysely } from 'kysely';

import type { Actor } from '../../accounts/roles';

import type { TimelineEntry } from '../../coordination/record-row';
import { daysOverdue } from '../../coordination/overdue';
import { bangkokDay } from '../../thai-calendar';

import {
	partyKey,
	type Attendee,
	type RecipientState,
	type RecordKind
} from '../../coordination/terms';
import {
	canActForParty,
	canOpenOverdueDashboard,
	coordinationPartyOf
} from '../accounts/permissions';
import type { DB } from '../db/schema';

import {
	people,
	summarise,
	visibleRecord,
	type PersonView,
	type RecordSummary
} from './coordination-views';

import { forbidden, notFound } from '../domain-errors';
import * as repo from './coordination.repository';
import * as parties from './coordination-parties.repository';
import { nameParties, type PartyName } from './party-names';

import { readableZoneIds, readZoneSights } from '../zones/zone-visibility';

const dayMs = 86_400_000;

/**
 * Reading the coordination register: one record's page (which marks it read), the inbox and
 * its badge, the searchable register, the overdue dashboard, a zone's or an LAO's timeline, and
 * attachments. Every read shows only the records the actor may see (`visibleTo` in SQL, the
 * same rule as `canViewCoordinationRecord`).
 */

/** A zone linked to a record, as the viewer may see it. */
export type LinkedZoneView =
	| { visible: true; id: number; name: string; sees: 'working_copy' | 'in_force' }
	| { visible: false; id: null; name: null; sees: 'nothing' };

export interface RecordPage {
	record: RecordSummary & {
		body: string;
		meetingPlace: string | null;
		minutes: string | null;
		decisions: string | null;
		attendees: Attendee[];
		createdBy: PersonView | null;
		replyToId: number | null;
	};
	links: {
		zones: LinkedZoneView[];
		laos: { dlaCode: string; nameTh: string; nameEn: string | null }[];
		provinces: { code: string; nameTh: string; nameEn: string }[];
	};
	attachments: { id: number; fileName: string; mediaType: string; byteSize: number }[];
	replies: RecordSummary[];
	/** The actor's organisation's row, when it is a recipient: what it may answer. */
	mine: { state: RecipientState; canAcknowledge: boolean; canMarkDone: boolean } | null;
	canReply: boolean;
}

/**
 * One record as its page shows it. Opening it marks it read for the actor's organisation when
 * that is a recipient (one small transaction).
 */
export async function openRecord(
	db: Kysely<DB>,
	request: { actor: Actor | null; recordId: number; now?: Date }
): Promise<RecordPage> {
	const { actor, recordId } = request;
	const now = request.now ?? new Date();
	const record = await visibleRecord(db, actor, recordId);
	const recipients = await repo.listRecipients(db, [recordId]);
	const own = recipients.find((r) =>
		canActForParty(actor, { kind: r.partyKind, code: r.partyCode })
	);
	if (own && own.readAt === null) await repo.markRecipientRead(db, own.id);
	const [summary] = await summarise(db, actor, [record], now);
	const links = await repo.listLinks(db, [recordId]);
	const [zones, laos, provinces, attachments, replies, creator] = await Promise.all([
		readZoneSights(
			db,
			actor,
			links.filter((l) => l.zoneId !== null).map((l) => l.zoneId!)
		),
		parties.findLaos(
			db,
			links.filter((l) => l.dlaCode !== null).map((l) => l.dlaCode!)
		),
		parties.findProvinces(
			db,
			links.filter((l) => l.provinceCode !== null).map((l) => l.provinceCode!)
		),
		repo.listAttachmentsOf(db, recordId),
		repo.listRepliesVisible(db, actor, recordId),
		people(db, actor, [record.createdBy])
	]);
	return {
		record: {
			...summary!,
			body: record.body,
			meetingPlace: record.meetingPlace,
			minutes: record.minutes,
			decisions: record.decisions,
			attendees: record.attendees,
			createdBy: record.createdBy === null ? null : (creator.get(record.createdBy) ?? null),
			replyToId: record.replyToId
		},
		links: {
			// Each linked zone as the viewer may see it (`zone-visibility.ts`): the working copy's
			// name to who may read it, else the public name of the revision in force, else only
			// that there is a zone they cannot see (no id, no name).
			zones: links
				.filter((l) => l.zoneId !== null)
				.map((l): LinkedZoneView => {
					const sight = zones.get(l.zoneId!);
					return sight && sight.sees !== 'nothing'
						? { visible: true, id: sight.zoneId, name: sight.name, sees: sight.sees }
						: { visible: false, id: null, name: null, sees: 'nothing' };
				}),
			laos: laos.map((l) => ({ dlaCode: l.dlaCode, nameTh: l.nameTh, nameEn: l.nameEn })),
			provinces
		},
		attachments: attachments.map((a) => ({
			id: a.id,
			fileName: a.fileName,
			mediaType: a.mediaType,
			byteSize: a.byteSize
		})),
		replies: await summarise(db, actor, replies, now),
		mine: own
			? {
					state: own.state,
					canAcknowledge: own.state === 'open',
					canMarkDone: own.state !== 'done'
				}
			: null,
		canReply: own !== undefined
	};
}

export interface Inbox {
	party: PartyName;
	unread: number;
	/** Open or acknowledged requests to the actor's organisation, soonest due first. */
	askedOfMe: (RecordSummary & { myState: RecipientState; read: boolean; daysOverdue: number })[];
	overdue: (RecordSummary & { myState: RecipientState; read: boolean; daysOverdue: number })[];
	/** Done in the last 30 days. */
	recentlyDone: (RecordSummary & { myState: RecipientState; read: boolean; daysOverdue: number })[];
	sent: RecordSummary[];
}

/** The inbox of the actor's organisation. */
export async function getInbox(
	db: Kysely<DB>,
	request: { actor: Actor | null; now?: Date }
): Promise<Inbox> {
	const { actor } = request;
	const now = request.now ?? new Date();
	const party = coordinationPartyOf(actor);
	if (!party) throw forbidden('Log in to see your inbox');
	const [asked, done, sent, unread] = await Promise.all([
		repo.listRecipientRowsOf(db, party, { states: ['open', 'acknowledged'], limit: 200 }),
		repo.listRecipientRowsOf(db, party, {
			states: ['done'],
			changedSince: new Date(now.getTime() - 30 * dayMs),
			limit: 50
		}),
		repo.listSentBy(db, party, 20),
		repo.countUnread(db, party)
	]);
	const withMine = async (rows: typeof asked) => {
		const summaries = await summarise(db, actor, rows, now);
		return summaries.map((s, i) => ({
			...s,
			myState: rows[i]!.state,
			read: rows[i]!.readAt !== null,
			daysOverdue: daysOverdue({ dueDate: s.dueDate, state: rows[i]!.state }, now)
		}));
	};
	const askedOfMe = await withMine(asked);
	const names = await nameParties(db, [party]);
	return {
		party: names.get(partyKey(party))!,
		unread,
		askedOfMe,
		overdue: askedOfMe
			.filter((r) => r.daysOverdue > 0)
			.sort((a, b) => b.daysOverdue - a.daysOverdue),
		recentlyDone: await withMine(done),
		sent: await summarise(db, actor, sent, now)
	};
}

/** The unread count alone (for a badge in the navigation). Zero for the public. */
export async function unreadCount(db: Kysely<DB>, actor: Actor | null): Promise<number> {
	const party = coordinationPartyOf(actor);
	return party ? repo.countUnread(db, party) : 0;
}

export const registerPageSize = 50;
export const registerExportLimit = 10_000;

/** The register: every record the actor may see that matches the filters, newest first. */
export async function searchRegister(
	db: Kysely<DB>,
	request: {
		actor: Actor | null;
		filters: repo.RecordFilters;
		page?: number;
		limit?: number;
		now?: Date;
	}
): Promise<{ records: RecordSummary[]; total: number }> {
	const now = request.now ?? new Date();
	const limit = request.limit ?? registerPageSize;
	const { rows, total } = await repo.listVisibleRecords(db, request.actor, request.filters, {
		today: bangkokDay(now),
		limit,
		offset: ((request.page ?? 1) - 1) * limit
	});
	return { records: await summarise(db, request.actor, rows, now), total };
}

export interface OverdueDashboard {
	today: string;
	/** DLA: every province with overdue items; a province: its own. */
	byProvince: {
		provinceCode: string | null;
		nameTh: string | null;
		nameEn: string | null;
		count: number;
	}[];
	items: {
		recordId: number;
		kind: RecordKind;
		subject: string;
		dueDate: string;
		daysOverdue: number;
		party: PartyName;
		state: RecipientState;
		provinceCode: string | null;
	}[];
}

/** Who has let what pass its due date: DLA sees the country, a province's people their province. */
export async function getOverdueDashboard(
	db: Kysely<DB>,
	request: { actor: Actor | null; now?: Date; provinceCode?: string }
): Promise<OverdueDashboard> {
	const { actor } = request;
	if (!canOpenOverdueDashboard(actor))
		throw forbidden('The overdue dashboard is for DLA and provinces');
	const now = request.now ?? new Date();
	const today = bangkokDay(now);
	const provinceCode = actor!.role === 'dla_staff' ? request.provinceCode : actor!.provinceCode!;
	const rows = await repo.listOverdueRecipients(db, actor, { today, provinceCode });
	const names = await nameParties(
		db,
		rows.map((r) => ({ kind: r.partyKind, code: r.partyCode }))
	);
	const counts = new Map<string | null, number>();
	for (const r of rows) counts.set(r.partyProvinceCode, (counts.get(r.partyProvinceCode) ?? 0) + 1);
	const provinces = new Map(
		(
			await parties.findProvinces(
				db,
				[...counts.keys()].filter((c): c is string => c !== null)
			)
		).map((p) => [p.code, p])
	);
	return {
		today,
		byProvince: [...counts.entries()]
			.map(([code, count]) => ({
				provinceCode: code,
				nameTh: code ? (provinces.get(code)?.nameTh ?? code) : null,
				nameEn: code ? (provinces.get(code)?.nameEn ?? code) : null,
				count
			}))
			.sort(
				(a, b) => b.count - a.count || (a.provinceCode ?? '').localeCompare(b.provinceCode ?? '')
			),
		items: rows.map((r) => ({
			recordId: r.id,
			kind: r.kind,
			subject: r.subject,
			dueDate: r.dueDate!,
			daysOverdue: daysOverdue({ dueDate: r.dueDate, state: r.state }, now),
			party: names.get(partyKey({ kind: r.partyKind, code: r.partyCode }))!,
			state: r.state,
			provinceCode: r.partyProvinceCode
		}))
	};
}

/** The records about a zone or an LAO that the actor may see, newest first (the JSON timeline). */
export async function getTimeline(
	db: Kysely<DB>,
	request: { actor: Actor | null; zoneId?: number; dlaCode?: string; now?: Date; limit?: number }
): Promise<TimelineEntry[]> {
	const now = request.now ?? new Date();
	// A zone's timeline is for who may see the zone: otherwise it is not found, like the zone.
	if (
		request.zoneId !== undefined &&
		!(await readableZoneIds(db, request.actor, [request.zoneId])).has(request.zoneId)
	)
		throw notFound(`No zone ${request.zoneId}`);
	const filters: repo.RecordFilters =
		request.zoneId !== undefined ? { zoneId: request.zoneId } : { dlaCode: request.dlaCode };
	const { records } = await searchRegister(db, {
		actor: request.actor,
		filters,
		limit: request.limit ?? 100,
		now
	});
	return records.map((r) => ({
		id: r.id,
		kind: r.kind,
		subject: r.subject,
		documentNumber: r.documentNumber,
		date: r.documentDate ?? bangkokDay(new Date(r.createdAt)),
		dueDate: r.dueDate,
		overdue: r.overdue,
		sender: { th: r.sender.th, en: r.sender.en },
		stateCounts: r.stateCounts
	}));
}

/** An attachment's bytes, for whoever may see its record; otherwise not found. */
export async function getAttachment(
	db: Kysely<DB>,
	request: { actor: Actor | null; attachmentId: number }
) {
	const attachment = await repo.findAttachment(db, request.attachmentId);
	if (!attachment) throw notFound(`No attachment ${request.attachmentId}`);
	await visibleRecord(db, request.actor, attachment.recordId);
	return attachment;
}
