import type { Kysely } from 'kysely';

import type { Actor } from '../../accounts/roles';

import { isOverdue } from '../../coordination/overdue';
import {
	partyKey,
	type Party,
	type RecipientState,
	type RecordKind
} from '../../coordination/terms';
import { canViewCoordinationRecord } from '../accounts/permissions';
import type { DB } from '../db/schema';

import { notFound } from '../domain-errors';
import * as repo from './coordination.repository';
import * as parties from './coordination-parties.repository';
import { nameParties, type PartyName } from './party-names';

/**
 * What every reading of the register shares: records summarised with their recipients' names
 * and states (people's names only for signed-in viewers), and the one check of who may see a
 * record, used by the writes (a reply, an answer) and the reads alike.
 */

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

/** Names of people, hidden from the public (PDPA: the public sees positions, not people). */
export async function people(db: Kysely<DB>, actor: Actor | null, ids: readonly (number | null)[]) {
	const users = await parties.findUsers(db, [...new Set(ids.filter((id) => id !== null))]);
	const map = new Map<number, PersonView>();
	for (const u of users)
		map.set(u.id, { name: actor ? u.displayName : null, position: u.position });
	return map;
}

/** Summaries of record rows: names, recipients and overdue as of `now`. */
export async function summarise(
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

export async function canSee(db: Kysely<DB>, actor: Actor | null, record: repo.RecordRow) {
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
export async function visibleRecord(db: Kysely<DB>, actor: Actor | null, recordId: number) {
	const record = await repo.findRecord(db, recordId);
	if (!record || !(await canSee(db, actor, record)))
		throw notFound(`No coordination record ${recordId}`);
	return record;
}
