import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Actor } from '../../accounts/roles';
import { periodSchema } from '../../plans/plan-schemas';
import { appendAudit } from '../audit/audit.repository';
import type { DB } from '../db/schema';
import { DomainError, forbidden, invalid, notFound, type Problem } from '../domain-errors';
import { checkAttachment, maxAttachmentBytes } from '../files/attachment-file';
import { readPhotoMetadata, stripPhotoMetadata, type PhotoPoint } from '../files/image-metadata';
import { parseInput } from './parse-input';
import { canFileReport, canReadPlanWorkingCopy } from './plan-permissions';
import * as plans from './plan.repository';
import { lockReport, findReport } from './progress-report.repository';
import * as files from './report-attachment.repository';
import type { AttachmentRow } from './report-attachment.repository';

/**
 * Photos and documents on a monthly progress report (issue 16 item 2). Whoever may file the
 * report adds and removes them until it is accepted (a submitted report under review may still
 * get the photo that was missing); every file is judged by its own first bytes (the register's
 * signature check, 10 MiB each) and a batch is saved whole or not at all. A photo's EXIF GPS
 * point and time are kept for the officials' map; the original goes only to those who read the
 * zone's working papers. The public sees the photos the filer marked public, of accepted
 * reports, as copies with every metadata block removed.
 *
 * Files do not change the report's `version`: a phone posting its photos after the figures
 * (the offline queue, issue 16 item 3) never conflicts with its own save.
 *
 * Over 400 lines: a report's files are one aggregate (add, change, remove, the originals for
 * officials and the copies for the public) under one set of permission rules.
 */

/** Most files on one report. */
export const maxAttachmentsPerReport = 10;

export interface UploadedReportFile {
	fileName: string;
	bytes: Uint8Array;
	caption?: unknown;
	isPublic?: unknown;
}

export interface ReportAttachmentView {
	id: number;
	period: string;
	fileName: string;
	mediaType: string;
	byteSize: number;
	caption: string;
	isPublic: boolean;
	isImage: boolean;
	/** Officials only: where and when the photo was taken, by its EXIF. */
	gps?: PhotoPoint | null;
	takenAt?: string | null;
	uploadedAt?: string;
	uploadedBy?: string | null;
	sha256?: string;
}

export interface ReportAttachmentList {
	attachments: ReportAttachmentView[];
	may: { add: boolean; remove: boolean };
	maxFiles: number;
	maxBytes: number;
}

const fileFields = z.object({
	caption: z.string().trim().max(500, 'at most 500 characters').default(''),
	isPublic: z.boolean().default(false)
});

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
const isImage = (mediaType: string) => mediaType.startsWith('image/');

const extensionOf: Record<string, string> = {
	'image/jpeg': 'jpg',
	'image/png': 'png',
	'image/webp': 'webp'
};
/**
 * The name a public copy goes by: a file's own name may carry a person's name
 * ("นายสมชาย-บ่อน้ำ.jpg"), and nothing personal is public.
 */
const publicFileName = (row: { id: number; mediaType: string }) =>
	`photo-${row.id}.${extensionOf[row.mediaType] ?? 'bin'}`;

function toView(row: AttachmentRow, official: boolean): ReportAttachmentView {
	const base = {
		id: row.id,
		period: row.period,
		fileName: official ? row.fileName : publicFileName(row),
		mediaType: row.mediaType,
		byteSize: row.byteSize,
		caption: row.caption,
		isPublic: row.isPublic,
		isImage: isImage(row.mediaType)
	};
	if (!official) return base;
	return {
		...base,
		gps:
			row.longitude === null || row.latitude === null
				? null
				: { longitude: Number(row.longitude), latitude: Number(row.latitude) },
		takenAt: iso(row.takenAt),
		uploadedAt: iso(row.uploadedAt)!,
		uploadedBy: row.uploadedByName,
		sha256: row.sha256
	};
}

async function zoneOf(db: Kysely<DB>, zoneId: number) {
	const zone = await plans.findZoneFacts(db, zoneId);
	if (!zone || zone.approvedRevisionId === null) throw notFound(`Zone ${zoneId} has no reports`);
	return zone;
}

const mayChange = (actor: Actor | null, zone: plans.ZoneFacts, status: string) =>
	canFileReport(actor, zone) && status !== 'accepted';

function refuseAccepted(period: string): DomainError {
	return new DomainError('conflict', `The report of ${period} is accepted: its files are final`, [
		{ rule: 'report.accepted', field: 'status', message: 'The report is accepted' }
	]);
}

/**
 * The report's files: all of them, with where and when each photo was taken and who added
 * it, for those who read the zone's working papers; for everyone else the photos marked
 * public of an accepted report, and nothing else (`not_found` for a report they may not read).
 */
export async function listReportAttachments(
	db: Kysely<DB>,
	request: { actor: Actor | null; zoneId: number; period: string }
): Promise<ReportAttachmentList> {
	const period = parseInput(periodSchema, request.period);
	const zone = await zoneOf(db, request.zoneId);
	const report = await findReport(db, zone.id, period);
	const official = canReadPlanWorkingCopy(request.actor, zone);
	if (!report || (!official && report.status !== 'accepted'))
		throw notFound(`No report of zone ${zone.id} for ${period}`);
	const rows = await files.listAttachments(db, report.id);
	const may = mayChange(request.actor, zone, report.status);
	return {
		attachments: rows
			.filter((row) => official || (row.isPublic && isImage(row.mediaType)))
			.map((row) => toView(row, official)),
		may: { add: may, remove: may },
		maxFiles: maxAttachmentsPerReport,
		maxBytes: maxAttachmentBytes
	};
}

/**
 * Adds files to the month's report in one transaction. Refused with the field named
 * (`attachments.N` and the file's name): a file that is empty, over 10 MiB, of a type not
 * accepted or whose bytes are not what its extension says (a renamed executable or web page);
 * a non-image marked public (`attachments.N.public`); a caption over 500 characters; more than
 * ten files on the report (`attachments`). One bad file refuses the whole batch.
 */
export async function addReportAttachments(
	db: Kysely<DB>,
	request: {
		actor: Actor | null;
		zoneId: number;
		period: string;
		files: readonly UploadedReportFile[];
	}
): Promise<ReportAttachmentView[]> {
	const { actor } = request;
	const period = parseInput(periodSchema, request.period);
	if (!actor) throw forbidden('Sign in to add files to reports');
	const problems: Problem[] = [];
	if (request.files.length === 0)
		problems.push({ rule: 'attachment.none', field: 'attachments', message: 'choose a file' });
	const checked = request.files.map((file, i) => {
		const check = checkAttachment(file.fileName, file.bytes);
		if (!check.valid)
			problems.push({
				rule: `attachment.${check.reason}`,
				field: `attachments.${i}`,
				message: `${file.fileName}: ${check.reason.replace(/_/g, ' ')}`,
				details: { fileName: file.fileName }
			});
		const fields = fileFields.safeParse({ caption: file.caption, isPublic: file.isPublic });
		if (!fields.success)
			problems.push({
				rule: 'attachment.caption_too_long',
				field: `attachments.${i}.caption`,
				message: `${file.fileName}: the caption is at most 500 characters`,
				details: { fileName: file.fileName }
			});
		if (check.valid && fields.success && fields.data.isPublic && !isImage(check.mediaType))
			problems.push({
				rule: 'attachment.public_not_photo',
				field: `attachments.${i}.public`,
				message: `${file.fileName}: only photos are shown to the public`,
				details: { fileName: file.fileName }
			});
		return { file, check, fields: fields.success ? fields.data : null };
	});

	return db.transaction().execute(async (trx) => {
		const zone = await zoneOf(trx, request.zoneId);
		if (!canFileReport(actor, zone)) throw forbidden(`You may not file reports of zone ${zone.id}`);
		const report = await lockReport(trx, zone.id, period);
		if (!report)
			throw invalid(
				[{ rule: 'report.not_due', field: 'period', message: `No report is due for ${period}` }],
				`No report of zone ${zone.id} is due for ${period}`
			);
		if (report.status === 'accepted') throw refuseAccepted(period);
		const already = await files.countAttachments(trx, report.id);
		if (already + request.files.length > maxAttachmentsPerReport)
			problems.push({
				rule: 'attachment.too_many',
				field: 'attachments',
				message: `A report holds at most ${maxAttachmentsPerReport} files; it has ${already}`,
				details: { max: maxAttachmentsPerReport, already }
			});
		if (problems.length > 0) throw invalid(problems, 'The files need correcting');

		const ids: number[] = [];
		for (const { file, check, fields } of checked) {
			if (!check.valid || !fields) continue; // unreachable: refused above
			const meta = readPhotoMetadata(check.mediaType, file.bytes);
			const id = await files.insertAttachment(trx, {
				reportId: report.id,
				fileName: check.fileName,
				mediaType: check.mediaType,
				byteSize: check.byteSize,
				sha256: check.sha256,
				content: file.bytes,
				caption: fields.caption,
				isPublic: fields.isPublic,
				gps: meta.gps,
				takenAt: meta.takenAt,
				uploadedBy: actor.userId
			});
			ids.push(id);
			await appendAudit(trx, {
				actor,
				action: 'progress_report.attachment_added',
				entityType: 'progress_report',
				entityId: report.id,
				provinceCode: zone.provinceCode,
				after: {
					zoneId: zone.id,
					period,
					attachmentId: id,
					fileName: check.fileName,
					mediaType: check.mediaType,
					sha256: check.sha256,
					isPublic: fields.isPublic,
					hasGps: meta.gps !== null
				}
			});
		}
		const rows = await files.listAttachments(trx, report.id);
		return rows.filter((row) => ids.includes(row.id)).map((row) => toView(row, true));
	});
}

/** The attachment if it belongs to the zone's report of the period; otherwise not found. */
async function attachmentOf(db: Kysely<DB>, zoneId: number, period: string, attachmentId: number) {
	const row = await files.findAttachment(db, attachmentId);
	if (!row || row.zoneId !== zoneId || row.period !== period)
		throw notFound(`No file ${attachmentId} on the report of ${period}`);
	return row;
}

/** Removes a file from a report not yet accepted: whoever may file the report. */
export async function removeReportAttachment(
	db: Kysely<DB>,
	request: { actor: Actor | null; zoneId: number; period: string; attachmentId: number }
): Promise<void> {
	const { actor } = request;
	const period = parseInput(periodSchema, request.period);
	if (!actor) throw forbidden('Sign in to remove files from reports');
	await db.transaction().execute(async (trx) => {
		const zone = await zoneOf(trx, request.zoneId);
		if (!canFileReport(actor, zone)) throw forbidden(`You may not file reports of zone ${zone.id}`);
		const report = await lockReport(trx, zone.id, period);
		if (!report) throw notFound(`No report of zone ${zone.id} for ${period}`);
		const row = await attachmentOf(trx, zone.id, period, request.attachmentId);
		if (report.status === 'accepted') throw refuseAccepted(period);
		await files.deleteAttachment(trx, row.id);
		await appendAudit(trx, {
			actor,
			action: 'progress_report.attachment_removed',
			entityType: 'progress_report',
			entityId: report.id,
			provinceCode: zone.provinceCode,
			before: { attachmentId: row.id, fileName: row.fileName, sha256: row.sha256 },
			after: { zoneId: zone.id, period }
		});
	});
}

const attachmentChange = z
	.object({
		caption: z.string().trim().max(500, 'at most 500 characters').optional(),
		public: z.boolean().optional()
	})
	.strict();

/**
 * Changes a file's caption or whether it is shown to the public, until the report is accepted:
 * whoever may file the report. Only photos go public (`public`, `attachment.public_not_photo`).
 */
export async function changeReportAttachment(
	db: Kysely<DB>,
	request: {
		actor: Actor | null;
		zoneId: number;
		period: string;
		attachmentId: number;
		input: unknown;
	}
): Promise<ReportAttachmentView> {
	const { actor } = request;
	const period = parseInput(periodSchema, request.period);
	const input = parseInput(attachmentChange, request.input);
	if (!actor) throw forbidden('Sign in to change files of reports');
	return db.transaction().execute(async (trx) => {
		const zone = await zoneOf(trx, request.zoneId);
		if (!canFileReport(actor, zone)) throw forbidden(`You may not file reports of zone ${zone.id}`);
		const report = await lockReport(trx, zone.id, period);
		if (!report) throw notFound(`No report of zone ${zone.id} for ${period}`);
		const row = await attachmentOf(trx, zone.id, period, request.attachmentId);
		if (report.status === 'accepted') throw refuseAccepted(period);
		if (input.public === true && !isImage(row.mediaType))
			throw invalid([
				{
					rule: 'attachment.public_not_photo',
					field: 'public',
					message: `${row.fileName}: only photos are shown to the public`,
					details: { fileName: row.fileName }
				}
			]);
		await files.updateAttachment(trx, row.id, { caption: input.caption, isPublic: input.public });
		await appendAudit(trx, {
			actor,
			action: 'progress_report.attachment_changed',
			entityType: 'progress_report',
			entityId: report.id,
			provinceCode: zone.provinceCode,
			before: { attachmentId: row.id, caption: row.caption, isPublic: row.isPublic },
			after: {
				zoneId: zone.id,
				period,
				attachmentId: row.id,
				caption: input.caption ?? row.caption,
				isPublic: input.public ?? row.isPublic
			}
		});
		const changed = (await files.listAttachments(trx, report.id)).find((r) => r.id === row.id)!;
		return toView(changed, true);
	});
}

export interface AttachmentFile {
	fileName: string;
	mediaType: string;
	bytes: Uint8Array;
	/** The original as filed, or the copy without metadata. */
	copy: 'original' | 'public';
	etag: string;
}

/**
 * A file's bytes. Those who read the zone's working papers get the original (`copy:
 * 'original'`) or, asked for it, the public copy; everyone else only the public copy of a
 * photo marked public on an accepted report: the picture without EXIF (its GPS point), XMP,
 * IPTC, comments or text chunks. Anything else is not found.
 */
export async function getReportAttachmentFile(
	db: Kysely<DB>,
	request: {
		actor: Actor | null;
		zoneId: number;
		period: string;
		attachmentId: number;
		copy?: 'original' | 'public';
	}
): Promise<AttachmentFile> {
	const period = parseInput(periodSchema, request.period);
	const zone = await zoneOf(db, request.zoneId);
	const row = await attachmentOf(db, zone.id, period, request.attachmentId);
	const official = canReadPlanWorkingCopy(request.actor, zone);
	const content = new Uint8Array(row.content);
	if (official && request.copy !== 'public')
		return {
			fileName: row.fileName,
			mediaType: row.mediaType,
			bytes: content,
			copy: 'original',
			etag: row.sha256
		};
	const shown = official || (row.reportStatus === 'accepted' && row.isPublic);
	const stripped = shown ? stripPhotoMetadata(row.mediaType, content) : null;
	if (!stripped) throw notFound(`No public copy of file ${row.id}`);
	return {
		fileName: publicFileName(row),
		mediaType: row.mediaType,
		bytes: stripped,
		copy: 'public',
		etag: `${row.sha256}-public`
	};
}

/** A public photo of the zone (the zone's public page): no names, no point, no time. */
export interface PublicZonePhoto {
	id: number;
	period: string;
	caption: string;
	mediaType: string;
}

/** The photos marked public of the zone's accepted reports, newest month first. */
export async function listPublicZonePhotos(
	db: Kysely<DB>,
	request: { zoneId: number }
): Promise<PublicZonePhoto[]> {
	const zone = await zoneOf(db, request.zoneId);
	const rows = await files.listPublicPhotosOfZone(db, zone.id);
	return rows.map((row) => ({
		id: row.id,
		period: row.period,
		caption: row.caption,
		mediaType: row.mediaType
	}));
}

/** The public copy of a photo shown on the zone's public page, for everyone alike. */
export async function getPublicZonePhoto(
	db: Kysely<DB>,
	request: { zoneId: number; attachmentId: number }
): Promise<AttachmentFile> {
	const row = await files.findAttachment(db, request.attachmentId);
	if (!row || row.zoneId !== request.zoneId) throw notFound(`No photo ${request.attachmentId}`);
	return getReportAttachmentFile(db, {
		actor: null,
		zoneId: request.zoneId,
		period: row.period,
		attachmentId: row.id,
		copy: 'public'
	});
}
