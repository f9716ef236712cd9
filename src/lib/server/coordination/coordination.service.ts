import type { Kysely } from 'kysely';

import type { Actor } from '../../accounts/roles';

import { partyKey, type Attendee, type Party, type RecipientState } from '../../coordination/terms';
import { networkSectors } from '../../geo/zones/zone-terms';

import {
	canActForParty,
	canAddressParty,
	canSendCoordinationRecord,
	coordinationPartyOf
} from '../accounts/permissions';
import type { DB } from '../db/schema';

import { canSee } from './coordination-views';

import { DomainError, forbidden, invalid, notFound, type Problem } from '../domain-errors';

import { checkAttachment, maxAttachmentsPerRecord } from '../files/attachment-file';

import { queueRecordNotices } from './notices.service';

import * as repo from './coordination.repository';
import * as parties from './coordination-parties.repository';
import type { RecordInput } from './coordination.schemas';

import { nameParties } from './party-names';
import { addPartner, resolveMeetingAttendees } from '../partners/partner.service';

import { readableZoneIds } from '../zones/zone-visibility';

/**
 * The coordination register's writes: who may send a record and answer it, and the new-record
 * form's choices. Each mutation is one transaction; permissions are checked inside it. What an
 * actor may read is in `coordination-register.service.ts`, the shared views in
 * `coordination-views.ts`; notices and schedules have their own services.
 */

export interface UploadedFile {
	fileName: string;
	bytes: Uint8Array;
}

function problem(field: string, rule: string, message: string): Problem {
	return { rule: `coordination.${rule}`, field, message };
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
