import type { AttachmentFile } from './report-attachment.service';

/**
 * A report file as an HTTP answer: the media type detected from its signature, never sniffed
 * (`nosniff`) nor run as a page (a sandboxing CSP); images shown inline (thumbnails), anything
 * else downloaded. Originals are private and never stored by caches; public copies may be.
 */
export function attachmentResponse(file: AttachmentFile): Response {
	const asciiName = file.fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
	const disposition = file.mediaType.startsWith('image/') ? 'inline' : 'attachment';
	return new Response(Buffer.from(file.bytes), {
		headers: {
			'content-type': file.mediaType,
			'content-length': String(file.bytes.length),
			'content-disposition': `${disposition}; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
			'x-content-type-options': 'nosniff',
			'content-security-policy': "default-src 'none'; sandbox",
			'cache-control': file.copy === 'public' ? 'public, max-age=3600' : 'private, no-store',
			etag: `"${file.etag}"`
		}
	});
}
