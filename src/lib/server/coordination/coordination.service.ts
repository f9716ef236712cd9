import type { Kysely } from 'kysely';
import type { Actor } from '../../accounts/roles';
import { daysOverdue, isOverdue } from '../../coordination/overdue';
import { bangkokDay } from '../../thai-calendar';
import {
	partyKey,
	type Attendee,
	type Party,
	type RecipientState,
	type RecordKind
} from '../../coordination/terms';
import { networkSectors } from '../../geo/zones/zone-terms';
import {
	canActForParty,
	canAddressParty,
	canOpenOverdueDashboard,
	canSendCoordinationRecord,
	canViewCoordinationRecord,
	coordinationPartyOf
} from '../accounts/permissions';
import type { DB } from '../db/schema';
import { DomainError, forbidden, invalid, notFound, type Problem } from '../domain-errors';
import { checkAttachment, maxAttachmentsPerRecord } from '../files/attachment-file';
import { queueRecordNotices } from './notices.service';
import * as repo from './coordination.repository';
import * as parties from './coordination-parties.repository';
import type { RecordInput } from './coordination.schemas';
import { nameParties, type PartyName } from './party-names';
import { addPartner, resolveMeetingAttendees } from '../partners/partner.service';
import { readableZoneIds, readZoneSights } from '../zones/zone-visibility';

/**
 * The coordination register's domain: who may send, see and answer records, and the views
 * built on them. Each mutation is one transaction; permissions are checked inside it. Over 400
 * lines: the record's write and its views still share helpers; notices and schedules are apart.
 */

export interface UploadedFile {
	fileName: string;
	bytes: Uint8Array;
}

/** Per person: shown to signed-in users; the public sees organisations and positions only. */
export interface PersonView {
	name: string | null;
	position: string | null;
}

export interface RecipientView {
	party: PartyName;
	state: RecipientState;
	overdue: boolean;
	changedBy: PersonView | null;
	changedAt: string | null;
	read: boolean;
}

export interface RecordSummary {
	id: number;
	kind: RecordKind;
	subject: string;
	documentNumber: string | null;
	documentDate: string | null;
	createdAt: string;
	dueDate: string | null;
	isPublic: boolean;
	reportPeriod: string | null;
	sender: PartyName;
	recipients: RecipientView[];
	/** Any recipient past the due date and not done. */
	overdue: boolean;
	/** Counts of recipients by state. */
	stateCounts: Record<RecipientState, number>;
}

const dayMs = 86_400_000;

function problem(field: string, rule: string, message: string): Problem {
	return { rule: `coordination.${rule}`, field, message };
}

/** Names of people, hidden from the public (PDPA: the public sees positions, not people). */
async function people(db: Kysely<DB>, actor: Actor | null, ids: readonly (number | null)[]) {
	const users = await parties.findUsers(db, [...new Set(ids.filter((id) => id !== null))]);
	const map = new Map<number, PersonView>();
	for (const u of users)
		map.set(u.id, { name: actor ? u.displayName : null, position: u.position });
	return map;
}

/** Summaries of record rows: names, recipients and overdue as of `now`. */
async function summarise(
	db: Kysely<DB>,
	actor: Actor | null,
	rows: readonly repo.RecordRow[],
	now: Date
): Promise<RecordSummary[]> {
	const recipients = await repo.listRecipients(
		db,
		rows.map((r) => r.id)
	);
	const parties: Party[] = [
		...rows.map((r) => ({ kind: r.senderKind, code: r.senderCode })),
		...recipients.map((r) => ({ kind: r.partyKind, code: r.partyCode }))
	];
	const names = await nameParties(db, parties);
	const persons = await people(
		db,
		actor,
		recipients.map((r) => r.changedBy)
	);
	return rows.map((r) => {
		const own = recipients.filter((x) => x.recordId === r.id);
		const views: RecipientView[] = own.map((x) => ({
			party: names.get(partyKey({ kind: x.partyKind, code: x.partyCode }))!,
			state: x.state,
			overdue: isOverdue({ dueDate: r.dueDate, state: x.state }, now),
			changedBy: x.changedBy === null ? null : (persons.get(x.changedBy) ?? null),
			changedAt: x.changedAt ? new Date(x.changedAt).toISOString() : null,
			read: x.readAt !== null
		}));
		const stateCounts = { open: 0, acknowledged: 0, done: 0 };
		for (const v of views) stateCounts[v.state] += 1;
		return {
			id: r.id,
			kind: r.kind,
			subject: r.subject,
			documentNumber: r.documentNumber,
			documentDate: r.documentDate,
			createdAt: new Date(r.createdAt).toISOString(),
			dueDate: r.dueDate,
			isPublic: r.isPublic,
			reportPeriod: r.reportPeriod,
			sender: names.get(partyKey({ kind: r.senderKind, code: r.senderCode }))!,
			recipients: views,
			overdue: views.some((v) => v.overdue),
			stateCounts
		};
	});
}

async function canSee(db: Kysely<DB>, actor: Actor | null, record: repo.RecordRow) {
	const recipients = await repo.listRecipients(db, [record.id]);
	const scope = await repo.recordScope(db, record.id);
	return canViewCoordinationRecord(actor, {
		isPublic: record.isPublic,
		parties: [
			{ kind: record.senderKind, code: record.senderCode },
			...recipients.map((r) => ({ kind: r.partyKind, code: r.partyCode }))
		],
		...scope
	});
}

/** The record if the actor may see it; otherwise not found (its existence does not leak). */
async function visibleRecord(db: Kysely<DB>, actor: Actor | null, recordId: number) {
	const record = await repo.findRecord(db, recordId);
	if (!record || !(await canSee(db, actor, record)))
		throw notFound(`No coordination record ${recordId}`);
	return record;
}

// ---- Creating records

/**
 * Records a directive, letter, memo, meeting, report, acknowledgement or standard sent by the
 * actor's organisation, with its recipients, links and attachments, in one transaction. Every
 * problem is collected first and nothing is written when there is one. A report or
 * acknowledgement answering a request (`replyTo`) moves the actor's organisation on that
 * request to done or acknowledged.
 */
export async function createRecord(
	db: Kysely<DB>,
	request: { actor: Actor | null; input: RecordInput; files?: readonly UploadedFile[] }
): Promise<{ recordId: number }> {
	const { actor, input } = request;
	const sender = coordinationPartyOf(actor);
	if (!actor || !sender) throw forbidden('Log in to record coordination');
	if (!canSendCoordinationRecord(actor, input.kind))
		throw forbidden(`Your organisation may not send a ${input.kind}`);

	const problems: Problem[] = [];
	const recipients: Party[] = [...input.recipients];
	for (const code of input.recipientLaos) recipients.push({ kind: 'lao', code });

	const files = request.files ?? [];
	if (files.length > maxAttachmentsPerRecord)
		problems.push(
			problem('attachments', 'too_many_files', `at most ${maxAttachmentsPerRecord} files`)
		);
	const checked = files.map((f) => ({ file: f, check: checkAttachment(f.fileName, f.bytes) }));
	for (const { file, check } of checked)
		if (!check.valid)
			problems.push({
				rule: `attachment.${check.reason}`,
				field: 'attachments',
				message: `${file.fileName}: ${check.reason.replace(/_/g, ' ')}`,
				details: { fileName: file.fileName }
			});

	return db.transaction().execute(async (trx) => {
		if (input.allProvincialOffices) {
			for (const p of await parties.listAllProvinces(trx))
				recipients.push({ kind: 'provincial_office', code: p.code });
		}
		const unique = new Map(recipients.map((p) => [partyKey(p), p]));
		if (unique.size === 0)
			problems.push(problem('recipients', 'no_recipient', 'choose at least one recipient'));
		unique.delete(partyKey(sender));

		const laoCodes = [
			...[...unique.values()].filter((p) => p.kind === 'lao').map((p) => p.code!),
			...input.linkLaos
		];
		const laos = new Map(
			(await parties.findLaos(trx, [...new Set(laoCodes)])).map((l) => [l.dlaCode, l])
		);
		const provinceCodes = [
			...[...unique.values()]
				.filter((p) => p.kind === 'governor' || p.kind === 'provincial_office')
				.map((p) => p.code!),
			...input.linkProvinces
		];
		const provinces = new Set(
			(await parties.findProvinces(trx, [...new Set(provinceCodes)])).map((p) => p.code)
		);
		const districts = new Set(
			(
				await parties.findDistricts(
					trx,
					[...unique.values()].filter((p) => p.kind === 'district_office').map((p) => p.code!)
				)
			).map((d) => d.code)
		);
		const partners = new Set(
			(
				await parties.findPartners(
					trx,
					[...unique.values()].filter((p) => p.kind === 'partner').map((p) => Number(p.code))
				)
			).map((p) => String(p.id))
		);
		for (const party of unique.values()) {
			const key = partyKey(party);
			const exists =
				party.kind === 'dla' ||
				(party.kind === 'lao' && laos.has(party.code!)) ||
				(party.kind === 'partner' && partners.has(party.code!)) ||
				(party.kind === 'district_office' && districts.has(party.code!)) ||
				((party.kind === 'governor' || party.kind === 'provincial_office') &&
					provinces.has(party.code!));
			if (!exists)
				problems.push(problem('recipients', 'unknown_party', `no such organisation: ${key}`));
			else if (!canAddressParty(actor, party, laos.get(party.code ?? '')?.provinceCode ?? null))
				problems.push(
					problem('recipients', 'not_addressable', `your organisation may not address ${key}`)
				);
		}
		for (const code of input.linkLaos)
			if (!laos.has(code)) problems.push(problem('linkLaos', 'unknown_lao', `no LAO ${code}`));
		for (const code of input.linkProvinces)
			if (!provinces.has(code))
				problems.push(problem('linkProvinces', 'unknown_province', `no province ${code}`));
		// Linking a zone names it on the record: only a zone the sender may read (issue 12). A
		// zone they may not read answers exactly like one that does not exist.
		const zoneIds = input.linkZones.map(Number);
		const readable = await readableZoneIds(trx, actor, zoneIds);
		for (const id of zoneIds)
			if (!readable.has(id))
				problems.push(problem('linkZones', 'unknown_zone', `no zone ${id} that you may read`));

		let replyTo: repo.RecordRow | undefined;
		if (input.replyTo !== undefined) {
			replyTo = await repo.findRecord(trx, input.replyTo);
			if (!replyTo || !(await canSee(trx, actor, replyTo)))
				problems.push(problem('replyTo', 'unknown_record', `no record ${input.replyTo}`));
		}
		if (problems.length > 0) throw invalid(problems);

		// Each organisation as the partner directory names it (issue 17): no free-text duplicates.
		const attendees: Attendee[] = await resolveMeetingAttendees(trx, {
			actor,
			attendees: networkSectors.flatMap((sector) =>
				((input as Record<string, unknown>)[`attendees_${sector}`] as string[]).map(
					(organisation) => ({ sector, organisation })
				)
			)
		});
		const recordId = await repo.insertRecord(trx, {
			kind: input.kind,
			subject: input.subject,
			body: input.body,
			documentNumber: input.documentNumber,
			documentDate: input.documentDate,
			meetingPlace: input.meetingPlace,
			minutes: input.minutes,
			decisions: input.decisions,
			attendees,
			sender,
			createdBy: actor.userId,
			dueDate: input.dueDate,
			isPublic: input.isPublic,
			replyToId: replyTo?.id ?? null
		});
		await repo.insertRecipients(trx, recordId, [...unique.values()]);
		// Email notices are queued with the record (sent later, when SMTP is configured).
		await queueRecordNotices(trx, recordId);
		await repo.insertLinks(trx, recordId, [
			...zoneIds.map((zoneId) => ({ zoneId })),
			...input.linkLaos.map((dlaCode) => ({ dlaCode })),
			...input.linkProvinces.map((provinceCode) => ({ provinceCode }))
		]);
		for (const { file, check } of checked) {
			if (!check.valid) continue;
			await repo.insertAttachment(trx, {
				recordId,
				fileName: check.fileName,
				mediaType: check.mediaType,
				byteSize: check.byteSize,
				sha256: check.sha256,
				content: file.bytes,
				uploadedBy: actor.userId
			});
		}
		if (replyTo && (input.kind === 'report' || input.kind === 'acknowledgement')) {
			const own = (await repo.listRecipients(trx, [replyTo.id])).find(
				(r) => r.partyKind === sender.kind && r.partyCode === sender.code
			);
			if (own && own.state !== 'done')
				await repo.setRecipientState(
					trx,
					own.id,
					input.kind === 'report' ? 'done' : 'acknowledged',
					actor.userId
				);
		}
		return { recordId };
	});
}

// ---- Answering

const allowedTransitions: Record<RecipientState, readonly RecipientState[]> = {
	open: ['acknowledged', 'done'],
	acknowledged: ['done'],
	done: []
};

/**
 * The actor's organisation, as a recipient, acknowledges (รับทราบ) or reports the request
 * done. Done is final; acknowledging twice changes nothing.
 */
export async function changeRecipientState(
	db: Kysely<DB>,
	request: { actor: Actor | null; recordId: number; state: RecipientState }
): Promise<{ state: RecipientState }> {
	const { actor, recordId, state } = request;
	return db.transaction().execute(async (trx) => {
		const record = await repo.lockRecord(trx, recordId);
		if (!record || !(await canSee(trx, actor, record)))
			throw notFound(`No coordination record ${recordId}`);
		const own = (await repo.listRecipients(trx, [recordId])).find((r) =>
			canActForParty(actor, { kind: r.partyKind, code: r.partyCode })
		);
		if (!actor || !own) throw forbidden('Only a recipient organisation answers a record');
		if (own.state === state) return { state };
		if (!allowedTransitions[own.state].includes(state))
			throw new DomainError('conflict', `Cannot go from ${own.state} to ${state}`, [
				problem('state', 'transition', `${own.state} → ${state} is not allowed`)
			]);
		await repo.setRecipientState(trx, own.id, state, actor.userId);
		return { state };
	});
}

// ---- Reading

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

export interface TimelineEntry {
	id: number;
	kind: RecordKind;
	subject: string;
	documentNumber: string | null;
	/** The document's date, else the day it was recorded (ISO). */
	date: string;
	dueDate: string | null;
	overdue: boolean;
	sender: { th: string; en: string };
	stateCounts: Record<RecipientState, number>;
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

/** What the new-record form offers the actor. */
export async function recordFormOptions(db: Kysely<DB>, actor: Actor | null) {
	const party = coordinationPartyOf(actor);
	if (!actor || !party) throw forbidden('Log in to record coordination');
	const [provinces, partners, districts] = await Promise.all([
		parties.listAllProvinces(db),
		parties.listPartners(db, actor.provinceCode),
		// The district offices: of the actor's own province; DLA staff address every province's.
		actor.provinceCode
			? parties.listDistrictsOf(db, actor.provinceCode)
			: actor.role === 'dla_staff'
				? parties.listDistrictsOf(db, null)
				: Promise.resolve([])
	]);
	const names = await nameParties(db, [party]);
	return {
		sender: names.get(partyKey(party))!,
		role: actor.role,
		provinceCode: actor.provinceCode,
		provinces,
		districts,
		partners
	};
}

/**
 * Adds a partner organisation to the directory of the actor's province (DLA staff: the national
 * list), for the register's partner parties: the directory's rules and audit (issue 17).
 */
export async function addPartnerOrganisation(
	db: Kysely<DB>,
	request: { actor: Actor | null; name: string; sector: Attendee['sector'] }
): Promise<number> {
	const { partnerId } = await addPartner(db, {
		actor: request.actor,
		provinceCode:
			request.actor?.role === 'dla_staff' ? null : (request.actor?.provinceCode ?? null),
		input: { name: request.name, sector: request.sector }
	});
	return partnerId;
}
