import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema';
import type { PhotoPoint } from '../files/image-metadata';

/**
 * Queries on the photos and documents of monthly progress reports (issue 16 item 2). The
 * service decides who may read or change what and owns the transaction.
 */

export interface NewReportAttachment {
	reportId: number;
	fileName: string;
	mediaType: string;
	byteSize: number;
	sha256: string;
	content: Uint8Array;
	caption: string;
	isPublic: boolean;
	gps: PhotoPoint | null;
	takenAt: string | null;
	uploadedBy: number;
}

export async function insertAttachment(db: Kysely<DB>, file: NewReportAttachment): Promise<number> {
	const row = await db
		.insertInto('report_attachment')
		.values({
			report_id: file.reportId,
			file_name: file.fileName,
			media_type: file.mediaType,
			byte_size: file.byteSize,
			sha256: file.sha256,
			content: Buffer.from(file.content),
			caption: file.caption,
			is_public: file.isPublic,
			gps: file.gps
				? sql<string>`ST_SetSRID(ST_MakePoint(${file.gps.longitude}, ${file.gps.latitude}), 4326)`
				: null,
			taken_at: file.takenAt,
			uploaded_by: file.uploadedBy
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

export async function countAttachments(db: Kysely<DB>, reportId: number): Promise<number> {
	const row = await db
		.selectFrom('report_attachment')
		.select((eb) => eb.fn.countAll<string>().as('n'))
		.where('report_id', '=', reportId)
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

/** Everything but the bytes, with the point as degrees and the uploader's name. */
function selectAttachments(db: Kysely<DB>) {
	return db
		.selectFrom('report_attachment as a')
		.innerJoin('progress_report as r', 'r.id', 'a.report_id')
		.leftJoin('app_user as u', 'u.id', 'a.uploaded_by')
		.select([
			'a.id',
			'a.report_id as reportId',
			'r.zone_id as zoneId',
			'r.period',
			'r.status as reportStatus',
			'a.file_name as fileName',
			'a.media_type as mediaType',
			'a.byte_size as byteSize',
			'a.sha256',
			'a.caption',
			'a.is_public as isPublic',
			sql<number | null>`ST_X(a.gps)`.as('longitude'),
			sql<number | null>`ST_Y(a.gps)`.as('latitude'),
			'a.taken_at as takenAt',
			'a.uploaded_at as uploadedAt',
			'u.display_name as uploadedByName'
		]);
}
export type AttachmentRow = Awaited<ReturnType<typeof listAttachments>>[number];

/** A report's attachments in the order they were added. */
export function listAttachments(db: Kysely<DB>, reportId: number) {
	return selectAttachments(db).where('a.report_id', '=', reportId).orderBy('a.id').execute();
}

/** One attachment with its bytes. */
export function findAttachment(db: Kysely<DB>, attachmentId: number) {
	return selectAttachments(db)
		.select('a.content')
		.where('a.id', '=', attachmentId)
		.executeTakeFirst();
}

export async function updateAttachment(
	db: Kysely<DB>,
	attachmentId: number,
	change: { caption?: string; isPublic?: boolean }
): Promise<void> {
	await db
		.updateTable('report_attachment')
		.set({
			...(change.caption !== undefined && { caption: change.caption }),
			...(change.isPublic !== undefined && { is_public: change.isPublic })
		})
		.where('id', '=', attachmentId)
		.execute();
}

export async function deleteAttachment(db: Kysely<DB>, attachmentId: number): Promise<void> {
	await db.deleteFrom('report_attachment').where('id', '=', attachmentId).execute();
}

/** The photos marked public of the zone's accepted reports, newest month first. */
export function listPublicPhotosOfZone(db: Kysely<DB>, zoneId: number) {
	return selectAttachments(db)
		.where('r.zone_id', '=', zoneId)
		.where('r.status', '=', 'accepted')
		.where('a.is_public', '=', true)
		.where('a.media_type', 'like', 'image/%')
		.orderBy('r.period', 'desc')
		.orderBy('a.id')
		.execute();
}
