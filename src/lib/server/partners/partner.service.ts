import { problemsOfZod } from '../../problem';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Actor } from '../../accounts/roles';
import { networkSectors, type NetworkSector, type ZonePartner } from '../../geo/zones/zone-terms';
import { canManagePartnerDirectory, canReadPartnerDirectory } from '../accounts/permissions';
import { appendAudit } from '../audit/audit.repository';
import type { DB } from '../db/schema';
import { DomainError, forbidden, invalid, notFound, type Problem } from '../domain-errors';
import * as repo from './partner.repository';

/**
 * The seven network sectors as a directory (issue 17, item 5): partner organisations per
 * province with their sector, kept by the province's planners and DLA staff (`null` province:
 * DLA's national list). Zone partners, meeting attendees and the register's partner parties
 * all point at these entries, so one organisation is written once per province. Every change
 * is audit-logged in its own transaction.
 */

export const partnerInput = z.object({
	name: z
		.string({ error: 'partner.name.required' })
		.trim()
		.min(1, { error: 'partner.name.required' })
		.max(300, { error: 'partner.name.too_long' }),
	sector: z.enum(networkSectors, { error: 'partner.sector.unknown' })
});

const messages: Record<string, string> = {
	'partner.name.required': 'A partner organisation needs a name',
	'partner.name.too_long': 'A partner organisation name has at most 300 characters',
	'partner.sector.unknown': `The sector is one of ${networkSectors.join(', ')}`
};

function parsePartner(value: unknown): { name: string; sector: NetworkSector } {
	const parsed = partnerInput.safeParse(value);
	if (parsed.success) return parsed.data;
	throw invalid(
		problemsOfZod(parsed.error, {
			rule: (issue) => (issue.message in messages ? issue.message : 'partner.invalid'),
			message: (issue) => messages[issue.message] ?? issue.message
		})
	);
}

const nameTaken = (name: string, field = 'name') =>
	new DomainError('conflict', `${name} is already in the directory`, [
		{
			rule: 'partner.name.taken',
			field,
			message: `${name} is already in this province's directory`,
			details: { name }
		}
	]);

/** The province's directory (with the national list) for anyone signed in who may read it. */
export async function listPartnerDirectory(
	db: Kysely<DB>,
	request: { actor: Actor | null; provinceCode: string | null }
): Promise<repo.PartnerEntry[]> {
	if (!canReadPartnerDirectory(request.actor, request.provinceCode))
		throw forbidden('Log in to see the partner directory');
	return repo.listPartnersOf(db, request.provinceCode);
}

async function insertAudited(
	trx: Kysely<DB>,
	actor: Actor,
	entry: { provinceCode: string | null; name: string; sector: NetworkSector },
	field?: string
): Promise<number> {
	const id = await repo.insertPartner(trx, entry);
	if (id === undefined) throw nameTaken(entry.name, field);
	await appendAudit(trx, {
		actor,
		action: 'partner.added',
		entityType: 'partner',
		entityId: id,
		provinceCode: entry.provinceCode,
		after: { ...entry }
	});
	return id;
}

/** Adds an organisation to a province's directory; a name already there is refused (409). */
export async function addPartner(
	db: Kysely<DB>,
	request: { actor: Actor | null; provinceCode: string | null; input: unknown }
): Promise<{ partnerId: number }> {
	const actor = request.actor;
	if (!actor || !canManagePartnerDirectory(actor, request.provinceCode))
		throw forbidden("Only the province's planners and DLA staff keep its partner directory");
	const input = parsePartner(request.input);
	return db.transaction().execute(async (trx) => ({
		partnerId: await insertAudited(trx, actor, { provinceCode: request.provinceCode, ...input })
	}));
}

/**
 * Corrects an entry's name or sector. Revisions that named it keep what they said (they are
 * immutable snapshots); the next save of those zones takes the new name.
 */
export async function updatePartner(
	db: Kysely<DB>,
	request: { actor: Actor | null; partnerId: number; input: unknown }
): Promise<void> {
	const actor = request.actor;
	if (!actor) throw forbidden('Log in to change the partner directory');
	const input = parsePartner(request.input);
	await db.transaction().execute(async (trx) => {
		const current = await repo.findPartnerById(trx, request.partnerId);
		if (!current) throw notFound(`No partner ${request.partnerId}`);
		if (!canManagePartnerDirectory(actor, current.provinceCode))
			throw forbidden("Only the province's planners and DLA staff keep its partner directory");
		if (current.name === input.name && current.sector === input.sector) return;
		if (!(await repo.updatePartner(trx, current.id, input))) throw nameTaken(input.name);
		await appendAudit(trx, {
			actor,
			action: 'partner.updated',
			entityType: 'partner',
			entityId: current.id,
			provinceCode: current.provinceCode,
			before: { name: current.name, sector: current.sector },
			after: { ...input }
		});
	});
}

/**
 * A meeting's attendees as the record keeps them: each organisation typed is looked up by name
 * in the directory of the sender's province (DLA: the national list) and recorded as that entry
 * (id, name, sector). A name not there yet is added when the actor keeps the directory
 * (planners, DLA staff; audit-logged); for other offices (governors, LAOs, district offices) it
 * stays as typed, without an id. A sector that contradicts the directory's is refused, naming
 * the sector's field (`attendees_<sector>`). Runs in the caller's transaction.
 */
export async function resolveMeetingAttendees(
	trx: Kysely<DB>,
	request: {
		actor: Actor;
		attendees: readonly { sector: NetworkSector; organisation: string }[];
	}
): Promise<{ sector: NetworkSector; organisation: string; partnerId?: number }[]> {
	const provinceCode = request.actor.role === 'dla_staff' ? null : request.actor.provinceCode;
	const keeps = canManagePartnerDirectory(request.actor, provinceCode);
	const problems: Problem[] = [];
	const resolved: { sector: NetworkSector; organisation: string; partnerId?: number }[] = [];
	for (const attendee of request.attendees) {
		const name = attendee.organisation.trim();
		let entry = await repo.findPartnerByName(trx, provinceCode, name);
		if (entry && entry.sector !== attendee.sector) {
			problems.push({
				rule: 'partner.sector.differs',
				field: `attendees_${attendee.sector}`,
				message: `The directory lists ${entry.name} under ${entry.sector}, not ${attendee.sector}`,
				details: { name: entry.name, sector: entry.sector }
			});
			continue;
		}
		if (!entry && keeps) {
			const added = { provinceCode, name, sector: attendee.sector };
			entry = {
				id: await insertAudited(trx, request.actor, added, `attendees_${attendee.sector}`),
				...added
			};
		}
		resolved.push(
			entry
				? { sector: entry.sector, organisation: entry.name, partnerId: entry.id }
				: { sector: attendee.sector, organisation: name }
		);
	}
	if (problems.length > 0) throw invalid(problems, 'The attendees contradict the directory');
	return resolved;
}

/**
 * A zone's partners as its revision keeps them: each named entry of the directory (by id, or
 * by name when the client gives only the name), with the directory's id, name and sector, so
 * the revision reads the same whatever later happens to the directory. A name not in the
 * directory yet is added to it (audit-logged), when the actor may keep the directory; a sector
 * that contradicts the directory's is refused naming the row. Runs in the caller's transaction.
 */
export async function resolveZonePartners(
	trx: Kysely<DB>,
	request: {
		actor: Actor;
		provinceCode: string;
		partners: readonly { partnerId?: number | undefined; name: string; sector: NetworkSector }[];
	}
): Promise<ZonePartner[]> {
	const problems: Problem[] = [];
	const resolved: ZonePartner[] = [];
	const seen = new Set<number>();
	for (const [index, partner] of request.partners.entries()) {
		const field = `partners.${index}`;
		let entry =
			partner.partnerId !== undefined
				? await repo.findPartnerById(trx, partner.partnerId)
				: await repo.findPartnerByName(trx, request.provinceCode, partner.name.trim());
		if (
			partner.partnerId !== undefined &&
			entry &&
			entry.provinceCode !== null &&
			entry.provinceCode !== request.provinceCode
		)
			entry = undefined;
		if (!entry && partner.partnerId !== undefined) {
			problems.push({
				rule: 'partner.unknown',
				field,
				message: `Partner ${partner.partnerId} is not in this province's directory`,
				details: { partnerId: partner.partnerId }
			});
			continue;
		}
		if (!entry) {
			if (!canManagePartnerDirectory(request.actor, request.provinceCode)) {
				problems.push({
					rule: 'partner.unknown',
					field,
					message: `${partner.name} is not in this province's directory`
				});
				continue;
			}
			const added = {
				provinceCode: request.provinceCode,
				name: partner.name.trim(),
				sector: partner.sector
			};
			entry = { id: await insertAudited(trx, request.actor, added, field), ...added };
		} else if (partner.partnerId === undefined && entry.sector !== partner.sector) {
			problems.push({
				rule: 'partner.sector.differs',
				field,
				message: `The directory lists ${entry.name} under ${entry.sector}, not ${partner.sector}`,
				details: { name: entry.name, sector: entry.sector }
			});
			continue;
		}
		if (seen.has(entry.id)) continue;
		seen.add(entry.id);
		resolved.push({ partnerId: entry.id, name: entry.name, sector: entry.sector });
	}
	if (problems.length > 0) throw invalid(problems, 'The partners are not in the directory');
	return resolved;
}
