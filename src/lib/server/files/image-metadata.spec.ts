import { describe, expect, it } from 'vitest';
import {
	exifTiff,
	jpegWithGps,
	photographerName,
	plainJpeg,
	plainPng,
	plainWebp,
	pngWithGps,
	smallPdf,
	webpWithGps
} from '../../../../tests/fixtures/photos';
import { checkAttachment } from './attachment-file';
import { readPhotoMetadata, readTiffMetadata, stripPhotoMetadata } from './image-metadata';

// Khon Kaen's city pillar, give or take: 16.4322° N, 102.8236° E.
const khonKaen = { latitude: 16.4322, longitude: 102.8236 };
const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');
const hasMetadataTraces = (bytes: Uint8Array) => {
	const seen = text(bytes);
	return (
		seen.includes('Exif') ||
		seen.includes('xmpmeta') ||
		seen.includes('creator') ||
		seen.includes('Photoshop') ||
		Buffer.from(bytes).includes(Buffer.from(photographerName)) ||
		Buffer.from(bytes).includes(Buffer.from(exifTiff(khonKaen).subarray(8, 20)))
	);
};

describe('reading EXIF', () => {
	it('reads the GPS point and DateTimeOriginal of a JPEG, as Bangkok time without an offset', () => {
		const jpeg = jpegWithGps({ ...khonKaen, takenAt: '2026:11:20 09:30:00' });
		const meta = readPhotoMetadata('image/jpeg', jpeg);
		expect(meta.gps!.latitude).toBeCloseTo(16.4322, 5);
		expect(meta.gps!.longitude).toBeCloseTo(102.8236, 5);
		expect(meta.takenAt).toBe('2026-11-20T02:30:00.000Z');
	});

	it('reads Intel byte order, south and west, and the offset tag', () => {
		const meta = readTiffMetadata(
			exifTiff({
				latitude: -33.8568,
				longitude: -70.6483,
				takenAt: '2026:01:02 03:04:05',
				offset: '-03:00',
				littleEndian: true
			})
		);
		expect(meta.gps!.latitude).toBeCloseTo(-33.8568, 5);
		expect(meta.gps!.longitude).toBeCloseTo(-70.6483, 5);
		expect(meta.takenAt).toBe('2026-01-02T06:04:05.000Z');
	});

	it('reads the eXIf chunk of a PNG and the EXIF chunk of a WebP', () => {
		for (const [type, bytes] of [
			['image/png', pngWithGps(khonKaen)],
			['image/webp', webpWithGps(khonKaen)]
		] as const) {
			const meta = readPhotoMetadata(type, bytes);
			expect(meta.gps!.latitude, type).toBeCloseTo(16.4322, 5);
			expect(meta.takenAt, type).toBeNull();
		}
	});

	it('reads nothing from a photo without EXIF, a PDF, or a broken block, and never throws', () => {
		expect(readPhotoMetadata('image/jpeg', plainJpeg)).toEqual({ gps: null, takenAt: null });
		expect(readPhotoMetadata('image/png', plainPng)).toEqual({ gps: null, takenAt: null });
		expect(readPhotoMetadata('application/pdf', smallPdf)).toEqual({ gps: null, takenAt: null });
		const tiff = exifTiff(khonKaen);
		for (let cut = 0; cut < tiff.length; cut += 7)
			expect(() => readTiffMetadata(tiff.subarray(0, cut))).not.toThrow();
		const jpeg = jpegWithGps(khonKaen);
		for (let cut = 0; cut < 200; cut += 3)
			expect(() => readPhotoMetadata('image/jpeg', jpeg.subarray(0, cut))).not.toThrow();
	});

	it('treats 0,0 (no fix) as no point', () => {
		expect(readTiffMetadata(exifTiff({ latitude: 0, longitude: 0 })).gps).toBeNull();
	});
});

describe('stripping metadata for public copies', () => {
	it('drops EXIF, XMP, IPTC and comments from a JPEG and keeps the picture bytes', () => {
		const jpeg = jpegWithGps({ ...khonKaen, takenAt: '2026:11:20 09:30:00' });
		expect(hasMetadataTraces(jpeg)).toBe(true);
		const stripped = stripPhotoMetadata('image/jpeg', jpeg)!;
		expect(hasMetadataTraces(stripped)).toBe(false);
		expect(readPhotoMetadata('image/jpeg', stripped)).toEqual({ gps: null, takenAt: null });
		// The canvas JPEG had no metadata: stripping the marked-up copy gives it back exactly.
		expect(Buffer.from(stripped).equals(Buffer.from(plainJpeg))).toBe(true);
		expect(checkAttachment('photo.jpg', stripped).valid).toBe(true);
	});

	it('drops eXIf and text chunks from a PNG, and EXIF and XMP chunks from a WebP', () => {
		const png = stripPhotoMetadata('image/png', pngWithGps(khonKaen))!;
		expect(hasMetadataTraces(png)).toBe(false);
		expect(Buffer.from(png).equals(Buffer.from(plainPng))).toBe(true);
		const webp = stripPhotoMetadata('image/webp', webpWithGps(khonKaen))!;
		expect(hasMetadataTraces(webp)).toBe(false);
		expect(Buffer.from(webp).equals(Buffer.from(plainWebp))).toBe(true);
	});

	it('gives no public copy of a file that does not walk, or of a PDF', () => {
		expect(stripPhotoMetadata('image/jpeg', jpegWithGps(khonKaen).subarray(0, 40))).toBeNull();
		expect(stripPhotoMetadata('image/png', plainPng.subarray(0, 30))).toBeNull();
		expect(stripPhotoMetadata('application/pdf', smallPdf)).toBeNull();
	});
});
