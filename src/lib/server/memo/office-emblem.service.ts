import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Actor } from '../../accounts/roles';
import { canManageOfficeEmblem, canWriteDecisionMemo } from '../accounts/permissions';
import { appendAudit } from '../audit/audit.repository';
import type { DB } from '../db/schema';
import { forbidden, invalid, notFound } from '../domain-errors';
import * as memos from './decision-memo.repository';

/**
 * The emblem an office prints at the top left of its memos (none is bundled: each office uploads
 * its own). One per office, replaced by the next upload. Offices: `dla`, and `governor:THxx`
 * for a province's governor.
 *
 * The type is judged by the file's first bytes (PNG or JPEG signature), never by its name or
 * the browser's word: the bytes are served back as an image, so anything else is refused.
 */

/** Largest emblem, bytes (512 KiB): a 1.5 cm emblem needs far less even at print resolution. */
export const maxEmblemBytes = 512 * 1024;

export const officeKeySchema = z
	.string({ error: 'emblem.office_invalid' })
	.regex(/^(dla|governor:TH[0-9]{2})$/, { error: 'emblem.office_invalid' });

export type EmblemMediaType = 'image/png' | 'image/jpeg';

const pngSignature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
// PNG: the signature, then the IHDR chunk (length 13) first of all.
const ihdr = [0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52];
const jpegSignature = [0xff, 0xd8, 0xff];

const startsWith = (bytes: Uint8Array, signature: readonly number[], offset = 0) =>
	bytes.length >= offset + signature.length &&
	signature.every((value, i) => bytes[offset + i] === value);

/** PNG or JPEG by the file's own first bytes; null for anything else. */
export function detectEmblemType(bytes: Uint8Array): EmblemMediaType | null {
	if (startsWith(bytes, pngSignature) && startsWith(bytes, ihdr, 8)) return 'image/png';
	if (startsWith(bytes, jpegSignature) && bytes.length > 4) return 'image/jpeg';
	return null;
}

/** The province of a governor's office; null for DLA. */
const provinceOf = (officeKey: string) => /^governor:(TH[0-9]{2})$/.exec(officeKey)?.[1] ?? null;

export interface OfficeEmblemInfo {
	officeKey: string;
	mediaType: EmblemMediaType;
	byteSize: number;
	uploadedAt: string;
}

const fileNameSchema = z.string().max(255).catch('');

/** Stores (or replaces) an office's emblem and appends `office_emblem.uploaded` to the audit. */
export async function uploadOfficeEmblem(
	db: Kysely<DB>,
	args: { actor: Actor | null; officeKey: string; fileName: string; bytes: Uint8Array }
): Promise<OfficeEmblemInfo> {
	const { actor, bytes } = args;
	if (!actor) throw forbidden('Sign in to upload an emblem');
	const key = officeKeySchema.safeParse(args.officeKey);
	if (!key.success)
		throw invalid([
			{ rule: 'emblem.office_invalid', field: 'officeKey', message: 'Not an office' }
		]);
	const officeKey = key.data;
	if (!canManageOfficeEmblem(actor, officeKey))
		throw forbidden(`You may not change the emblem of ${officeKey}`);
	const provinceCode = provinceOf(officeKey);
	if (provinceCode !== null) {
		const provinces = await memos.listProvinceNames(db);
		if (!provinces.some((p) => p.code === provinceCode))
			throw invalid([
				{
					rule: 'emblem.office_invalid',
					field: 'officeKey',
					message: `No province ${provinceCode}`
				}
			]);
	}
	if (bytes.length === 0)
		throw invalid([{ rule: 'emblem.file_required', field: 'file', message: 'Choose a file' }]);
	if (bytes.length > maxEmblemBytes)
		throw invalid([
			{
				rule: 'emblem.too_large',
				field: 'file',
				message: `At most ${maxEmblemBytes / 1024} KB`,
				details: { maxBytes: maxEmblemBytes, bytes: bytes.length }
			}
		]);
	const mediaType = detectEmblemType(bytes);
	if (!mediaType)
		throw invalid([
			{ rule: 'emblem.not_image', field: 'file', message: 'The file is neither PNG nor JPEG' }
		]);
	const fileName = fileNameSchema.parse(args.fileName);
	const sha256 = createHash('sha256').update(bytes).digest('hex');
	return db.transaction().execute(async (trx) => {
		const previous = await memos.findEmblemInfo(trx, officeKey);
		await memos.upsertEmblem(trx, { officeKey, mediaType, bytes, uploadedBy: actor.userId });
		const saved = (await memos.findEmblemInfo(trx, officeKey))!;
		await appendAudit(trx, {
			actor,
			action: 'office_emblem.uploaded',
			entityType: 'office_emblem',
			entityId: officeKey,
			provinceCode,
			before: previous
				? {
						mediaType: previous.media_type,
						byteSize: Number(previous.byte_size),
						uploadedAt: new Date(previous.uploaded_at).toISOString()
					}
				: null,
			after: { mediaType, byteSize: bytes.length, sha256, fileName }
		});
		return {
			officeKey,
			mediaType,
			byteSize: bytes.length,
			uploadedAt: new Date(saved.uploaded_at).toISOString()
		};
	});
}

/** An office's emblem with its bytes, unchecked (the caller decides who sees it); null if none. */
export async function getOfficeEmblem(
	db: Kysely<DB>,
	officeKey: string
): Promise<(OfficeEmblemInfo & { bytes: Uint8Array }) | null> {
	const row = await memos.findEmblem(db, officeKey);
	if (!row) return null;
	return {
		officeKey: row.office_key,
		mediaType: row.media_type,
		byteSize: row.bytes.length,
		uploadedAt: new Date(row.uploaded_at).toISOString(),
		bytes: row.bytes
	};
}

/** Who may see an office's emblem: whoever manages it, and those who write its memos. */
export function canSeeOfficeEmblem(actor: Actor | null, officeKey: string): boolean {
	if (!actor) return false;
	if (canManageOfficeEmblem(actor, officeKey)) return true;
	const provinceCode = provinceOf(officeKey);
	return provinceCode !== null && canWriteDecisionMemo(actor, provinceCode);
}

/** The emblem for the image route: `forbidden` for the public and strangers, `not_found` if none. */
export async function readOfficeEmblem(
	db: Kysely<DB>,
	args: { actor: Actor | null; officeKey: string }
): Promise<OfficeEmblemInfo & { bytes: Uint8Array }> {
	const key = officeKeySchema.safeParse(args.officeKey);
	if (!key.success) throw notFound('No such office');
	if (!canSeeOfficeEmblem(args.actor, key.data)) throw forbidden('You may not see this emblem');
	const emblem = await getOfficeEmblem(db, key.data);
	if (!emblem) throw notFound(`${key.data} has not uploaded an emblem`);
	return emblem;
}

export interface ManageableOffice {
	officeKey: string;
	nameTh: string;
	nameEn: string;
	emblem: { mediaType: EmblemMediaType; uploadedAt: string } | null;
}

/**
 * The offices whose emblem the actor may upload, for the upload page: DLA staff DLA's and every
 * governor's; a governor their own; an acting governor those they act for today. Empty for the
 * others (the page answers `forbidden`).
 */
export async function listManageableOffices(
	db: Kysely<DB>,
	actor: Actor | null
): Promise<ManageableOffice[]> {
	if (!actor) throw forbidden('Sign in to manage emblems');
	const provinces = await memos.listProvinceNames(db);
	const offices: Omit<ManageableOffice, 'emblem'>[] = [];
	if (canManageOfficeEmblem(actor, 'dla'))
		offices.push({
			officeKey: 'dla',
			nameTh: 'กรมส่งเสริมการปกครองท้องถิ่น',
			nameEn: 'Department of Local Administration'
		});
	for (const province of provinces) {
		const officeKey = `governor:${province.code}`;
		if (!canManageOfficeEmblem(actor, officeKey)) continue;
		offices.push({
			officeKey,
			nameTh: `ผู้ว่าราชการจังหวัด${province.name_th}`,
			nameEn: `Governor of ${province.name_en}`
		});
	}
	if (offices.length === 0) throw forbidden('You manage no office emblem');
	const emblems = await memos.listEmblemInfos(
		db,
		offices.map((o) => o.officeKey)
	);
	const byKey = new Map(emblems.map((e) => [e.office_key, e]));
	return offices.map((office) => {
		const emblem = byKey.get(office.officeKey);
		return {
			...office,
			emblem: emblem
				? { mediaType: emblem.media_type, uploadedAt: new Date(emblem.uploaded_at).toISOString() }
				: null
		};
	});
}
