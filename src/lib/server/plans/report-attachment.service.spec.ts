import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	nextMonthStart,
	reportingZones,
	type ReportingZone
} from '../../../../tests/fixtures/plans';
import { expectRefusal } from '../../../../tests/fixtures/refusals';
import {
	htmlPage,
	jpegOfSize,
	jpegWithGps,
	photographerName,
	plainJpeg,
	pngWithGps,
	smallPdf,
	windowsExecutable
} from '../../../../tests/fixtures/photos';
import { createTestUser } from '../../../../tests/fixtures/users';
import { engine, openTestDatabase } from '../../../../tests/setup/test-database';
import type { Actor } from '../../accounts/roles';
import { listAuditEntries } from '../audit/audit.repository';
import type { Database } from '../db/database';
import { maxAttachmentBytes } from '../files/attachment-file';
import { readPhotoMetadata } from '../files/image-metadata';
import { runProgressReportSchedule, runReportEvent } from './progress-report.service';
import {
	addReportAttachments,
	changeReportAttachment,
	getPublicZonePhoto,
	getReportAttachmentFile,
	listPublicZonePhotos,
	listReportAttachments,
	maxAttachmentsPerReport,
	removeReportAttachment
} from './report-attachment.service';

let database: Database;
let dla: Actor;
let planner40: Actor;
let governor40: Actor;
let planner10: Actor;
let officer: Actor;
/** An officer of an LAO the zone does not cover. */
let strangerOfficer: Actor;
let zoneId: number;
const { now: nextMonth, period } = nextMonthStart();
const khonKaen = { latitude: 16.4322, longitude: 102.8236, takenAt: '2026:11:20 09:30:00' };

beforeAll(async () => {
	database = await openTestDatabase('imported');
	const db = database.db;
	const made = await reportingZones(db, [
		{ name: 'เขตภาพถ่ายทดสอบ' },
		{ name: 'เขตอื่น', officer: true }
	]);
	({ dla, planner: planner40, governor: governor40 } = made);
	[{ zoneId, officer }, { officer: strangerOfficer }] = made.zones as [
		Required<ReportingZone>,
		Required<ReportingZone>
	];
	planner10 = await createTestUser(db, { role: 'planner', provinceCode: 'TH10' });
	// The zone has no plan: its report needs no figures, and files do not depend on them.
	await runProgressReportSchedule(db, { now: nextMonth });
});
afterAll(() => database?.close());

const add = (actor: Actor | null, files: Parameters<typeof addReportAttachments>[1]['files']) =>
	addReportAttachments(database.db, { actor, zoneId, period, files });
const stored = () =>
	database.db
		.selectFrom('report_attachment as a')
		.innerJoin('progress_report as r', 'r.id', 'a.report_id')
		.select(['a.file_name', 'a.media_type', 'a.is_public'])
		.where('r.zone_id', '=', zoneId)
		.orderBy('a.id')
		.execute();

describe(`report attachments on ${engine}`, () => {
	it('accept a JPEG, a PNG and a PDF by signature, keeping the photo’s GPS point and time', async () => {
		const added = await add(officer, [
			{ fileName: 'บ่อน้ำ.jpg', bytes: jpegWithGps(khonKaen), caption: ' ขุดบ่อ ', isPublic: true },
			{ fileName: 'plan.PNG', bytes: pngWithGps({ latitude: 16.5, longitude: 102.9 }) },
			{ fileName: 'minutes.pdf', bytes: smallPdf, caption: 'บันทึกการประชุม' }
		]);
		expect(added.map((a) => [a.fileName, a.mediaType, a.isPublic, a.caption])).toEqual([
			['บ่อน้ำ.jpg', 'image/jpeg', true, 'ขุดบ่อ'],
			['plan.PNG', 'image/png', false, ''],
			['minutes.pdf', 'application/pdf', false, 'บันทึกการประชุม']
		]);
		expect(added[0]!.gps!.latitude).toBeCloseTo(16.4322, 5);
		expect(added[0]!.gps!.longitude).toBeCloseTo(102.8236, 5);
		expect(added[0]!.takenAt).toBe('2026-11-20T02:30:00.000Z');
		expect(added[1]!.gps!.longitude).toBeCloseTo(102.9, 5);
		expect(added[2]!.gps).toBeNull();
		const { entries } = await listAuditEntries(
			database.db,
			{ actionPrefix: 'progress_report.attachment_added' },
			{ limit: 100 }
		);
		expect(entries.filter((e) => added.some((a) => e.after?.attachmentId === a.id))).toHaveLength(
			3
		);
	});

	it('refuse a renamed executable or web page, a file over 10 MiB, a public PDF, naming each file; a bad one refuses the batch', async () => {
		const before = await stored();
		const error = await expectRefusal(
			add(officer, [
				{ fileName: 'ok.jpg', bytes: plainJpeg },
				{ fileName: 'photo.jpg', bytes: windowsExecutable },
				{ fileName: 'report.pdf', bytes: htmlPage },
				{ fileName: 'big.jpg', bytes: jpegOfSize(maxAttachmentBytes + 1) },
				{ fileName: 'setup.exe', bytes: windowsExecutable },
				{ fileName: 'minutes.pdf', bytes: smallPdf, isPublic: true },
				{ fileName: 'long.jpg', bytes: plainJpeg, caption: 'ก'.repeat(501) }
			])
		);
		expect(error.kind).toBe('invalid');
		expect(error.problems.map((p) => [p.field, p.rule, p.details?.fileName])).toEqual([
			['attachments.1', 'attachment.signature_mismatch', 'photo.jpg'],
			['attachments.2', 'attachment.signature_mismatch', 'report.pdf'],
			['attachments.3', 'attachment.too_large', 'big.jpg'],
			['attachments.4', 'attachment.type_not_allowed', 'setup.exe'],
			['attachments.5.public', 'attachment.public_not_photo', 'minutes.pdf'],
			['attachments.6.caption', 'attachment.caption_too_long', 'long.jpg']
		]);
		// Nothing of the batch was saved, not even the good first file.
		expect(await stored()).toEqual(before);
		// A file of exactly 10 MiB is accepted.
		const [exact] = await add(officer, [
			{ fileName: 'exact.jpg', bytes: jpegOfSize(maxAttachmentBytes) }
		]);
		expect(exact!.byteSize).toBe(maxAttachmentBytes);
		await removeReportAttachment(database.db, {
			actor: officer,
			zoneId,
			period,
			attachmentId: exact!.id
		});
	});

	it(`refuse more than ${maxAttachmentsPerReport} files on a report, and an empty batch`, async () => {
		const has = (await stored()).length;
		const error = await expectRefusal(
			add(
				planner40,
				Array.from({ length: maxAttachmentsPerReport - has + 1 }, (_, i) => ({
					fileName: `p${i}.jpg`,
					bytes: plainJpeg
				}))
			)
		);
		expect(error.problems).toEqual([
			expect.objectContaining({
				field: 'attachments',
				rule: 'attachment.too_many',
				details: { max: maxAttachmentsPerReport, already: has }
			})
		]);
		expect((await expectRefusal(add(officer, []))).problems[0]).toMatchObject({
			field: 'attachments',
			rule: 'attachment.none'
		});
		expect(await stored()).toHaveLength(has);
	});

	it('are added and removed only by who files the report; read with names and points by who reads its working papers', async () => {
		for (const actor of [governor40, dla, planner10, strangerOfficer]) {
			await expectRefusal(add(actor, [{ fileName: 'x.jpg', bytes: plainJpeg }]), 'forbidden');
		}
		await expectRefusal(add(null, [{ fileName: 'x.jpg', bytes: plainJpeg }]), 'forbidden');
		const [mine] = await add(planner40, [{ fileName: 'planner.webp.jpg', bytes: plainJpeg }]);
		for (const actor of [governor40, dla, strangerOfficer, null]) {
			const error = await expectRefusal(
				removeReportAttachment(database.db, { actor, zoneId, period, attachmentId: mine!.id })
			);
			expect(error.kind).toBe('forbidden');
		}
		await removeReportAttachment(database.db, {
			actor: officer,
			zoneId,
			period,
			attachmentId: mine!.id
		});

		for (const actor of [officer, planner40, governor40, dla]) {
			const list = await listReportAttachments(database.db, { actor, zoneId, period });
			expect(list.attachments.map((a) => a.fileName)).toEqual([
				'บ่อน้ำ.jpg',
				'plan.PNG',
				'minutes.pdf'
			]);
			expect(list.attachments[0]!.uploadedBy).toBeTruthy();
			expect(list.may.add).toBe(actor === officer || actor === planner40);
		}
		// The report is not accepted: not the public's, nor another LAO's.
		for (const actor of [null, strangerOfficer, planner10]) {
			const error = await expectRefusal(
				listReportAttachments(database.db, { actor, zoneId, period })
			);
			expect(error.kind).toBe('not_found');
		}
		expect(await listPublicZonePhotos(database.db, { zoneId })).toEqual([]);
	});

	it('change a caption or the public flag only by who files; only photos go public', async () => {
		const { attachments } = await listReportAttachments(database.db, {
			actor: officer,
			zoneId,
			period
		});
		const [, png, pdf] = attachments;
		const change = (actor: Actor | null, attachmentId: number, input: unknown) =>
			changeReportAttachment(database.db, { actor, zoneId, period, attachmentId, input });
		for (const actor of [governor40, dla, strangerOfficer, planner10, null])
			await expectRefusal(change(actor, png!.id, { public: true }), 'forbidden');
		const documentPublic = await expectRefusal(change(officer, pdf!.id, { public: true }));
		expect(documentPublic.problems).toEqual([
			expect.objectContaining({ field: 'public', rule: 'attachment.public_not_photo' })
		]);
		await expectRefusal(change(officer, png!.id, { colour: 'red' }), 'invalid');
		const shown = await change(planner40, png!.id, { public: true, caption: ' แผนผัง ' });
		expect([shown.isPublic, shown.caption, shown.fileName]).toEqual([true, 'แผนผัง', 'plan.PNG']);
		const hidden = await change(officer, png!.id, { public: false });
		expect([hidden.isPublic, hidden.caption]).toEqual([false, 'แผนผัง']);
		const { entries } = await listAuditEntries(
			database.db,
			{ actionPrefix: 'progress_report.attachment_changed' },
			{ limit: 100 }
		);
		expect(entries.filter((e) => e.after?.attachmentId === png!.id)).toHaveLength(2);
	});

	it('give officials the original and everyone else, once accepted, only the public photos stripped of metadata', async () => {
		const { attachments } = await listReportAttachments(database.db, {
			actor: officer,
			zoneId,
			period
		});
		const [photo, png, pdf] = attachments;
		const original = await getReportAttachmentFile(database.db, {
			actor: governor40,
			zoneId,
			period,
			attachmentId: photo!.id
		});
		expect(original.copy).toBe('original');
		expect(Buffer.from(original.bytes).equals(Buffer.from(jpegWithGps(khonKaen)))).toBe(true);
		expect(readPhotoMetadata('image/jpeg', original.bytes).gps).not.toBeNull();
		const publicBefore = await expectRefusal(
			getPublicZonePhoto(database.db, { zoneId, attachmentId: photo!.id })
		);
		expect(publicBefore.kind).toBe('not_found');

		let report = await runReportEvent(database.db, {
			actor: officer,
			zoneId,
			period,
			input: { event: 'submit', version: 1 }
		});
		// Under review the filer may still add the photo that was missing.
		const [late] = await add(officer, [{ fileName: 'late.jpg', bytes: plainJpeg }]);
		report = await runReportEvent(database.db, {
			actor: planner40,
			zoneId,
			period,
			input: { event: 'accept', version: report.version }
		});
		expect(report.status).toBe('accepted');

		// Accepted: the files are final.
		await expectRefusal(add(officer, [{ fileName: 'x.jpg', bytes: plainJpeg }]), 'conflict');
		await expectRefusal(
			changeReportAttachment(database.db, {
				actor: officer,
				zoneId,
				period,
				attachmentId: late!.id,
				input: { public: true }
			}),
			'conflict'
		);
		const removal = await expectRefusal(
			removeReportAttachment(database.db, {
				actor: officer,
				zoneId,
				period,
				attachmentId: late!.id
			})
		);
		expect(removal.problems[0]).toMatchObject({ field: 'status', rule: 'report.accepted' });

		// The public: the one photo marked public, no names, no point, no time.
		const seen = await listReportAttachments(database.db, { actor: null, zoneId, period });
		expect(seen.attachments).toEqual([
			{
				id: photo!.id,
				period,
				// Not the file's own name, which may carry a person's.
				fileName: `photo-${photo!.id}.jpg`,
				mediaType: 'image/jpeg',
				byteSize: photo!.byteSize,
				caption: 'ขุดบ่อ',
				isPublic: true,
				isImage: true
			}
		]);
		expect(seen.may).toEqual({ add: false, remove: false });
		expect(await listPublicZonePhotos(database.db, { zoneId })).toEqual([
			{ id: photo!.id, period, caption: 'ขุดบ่อ', mediaType: 'image/jpeg' }
		]);
		for (const file of [
			await getPublicZonePhoto(database.db, { zoneId, attachmentId: photo!.id }),
			await getReportAttachmentFile(database.db, {
				actor: null,
				zoneId,
				period,
				attachmentId: photo!.id
			}),
			await getReportAttachmentFile(database.db, {
				actor: planner40,
				zoneId,
				period,
				attachmentId: photo!.id,
				copy: 'public'
			})
		]) {
			expect(file.copy).toBe('public');
			expect(file.fileName).toBe(`photo-${photo!.id}.jpg`);
			expect(file.mediaType).toBe('image/jpeg');
			expect(readPhotoMetadata('image/jpeg', file.bytes)).toEqual({ gps: null, takenAt: null });
			const bytes = Buffer.from(file.bytes);
			expect(bytes.includes(Buffer.from('Exif'))).toBe(false);
			expect(bytes.includes(Buffer.from(photographerName))).toBe(false);
			expect(bytes.equals(Buffer.from(plainJpeg))).toBe(true);
		}
		// Not public: the PNG (not marked) and the PDF, whoever asks without reading rights.
		for (const id of [png!.id, pdf!.id]) {
			await expectRefusal(
				getPublicZonePhoto(database.db, { zoneId, attachmentId: id }),
				'not_found'
			);
			await expectRefusal(
				getReportAttachmentFile(database.db, {
					actor: strangerOfficer,
					zoneId,
					period,
					attachmentId: id
				}),
				'not_found'
			);
		}
		// A file asked for under another zone is not found, whoever asks.
		const elsewhere = await expectRefusal(
			getReportAttachmentFile(database.db, {
				actor: dla,
				zoneId: zoneId + 1,
				period,
				attachmentId: photo!.id
			})
		);
		expect(elsewhere.kind).toBe('not_found');
	});
});
