import { createHash } from 'node:crypto';

/**
 * What the register accepts as an attachment, judged by the file's own first bytes (its
 * signature, "magic number"), which must agree with the extension: a renamed executable or
 * HTML page is refused whatever it is called. The media type stored and served is the one
 * detected here, never the browser's.
 */

/** Largest single attachment, bytes (10 MiB). */
export const maxAttachmentBytes = 10 * 1024 * 1024;
/** Largest number of attachments one upload may carry. */
export const maxAttachmentsPerRecord = 10;

interface AcceptedType {
	mediaType: string;
	extensions: readonly string[];
	matches(bytes: Uint8Array): boolean;
}

const startsWith = (bytes: Uint8Array, signature: readonly number[], offset = 0) =>
	bytes.length >= offset + signature.length &&
	signature.every((value, i) => bytes[offset + i] === value);

const zipSignature = [0x50, 0x4b, 0x03, 0x04];
// OLE2 compound file: the legacy .doc, .xls and .ppt.
const oleSignature = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

/** Office Open XML and OpenDocument files are zip archives; their first entry names tell them apart. */
function zipHoldsEntry(bytes: Uint8Array, prefix: string): boolean {
	if (!startsWith(bytes, zipSignature)) return false;
	const head = new TextDecoder('latin1').decode(
		bytes.subarray(0, Math.min(bytes.length, 64 * 1024))
	);
	return head.includes(prefix);
}

export const acceptedAttachmentTypes: readonly AcceptedType[] = [
	{
		mediaType: 'application/pdf',
		extensions: ['pdf'],
		matches: (b) => startsWith(b, ascii('%PDF-'))
	},
	{
		mediaType: 'image/png',
		extensions: ['png'],
		matches: (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
	},
	{
		mediaType: 'image/jpeg',
		extensions: ['jpg', 'jpeg'],
		matches: (b) => startsWith(b, [0xff, 0xd8, 0xff])
	},
	{
		mediaType: 'image/webp',
		extensions: ['webp'],
		matches: (b) => startsWith(b, ascii('RIFF')) && startsWith(b, ascii('WEBP'), 8)
	},
	{
		mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
		extensions: ['docx'],
		matches: (b) => zipHoldsEntry(b, 'word/')
	},
	{
		mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
		extensions: ['xlsx'],
		matches: (b) => zipHoldsEntry(b, 'xl/')
	},
	{
		mediaType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
		extensions: ['pptx'],
		matches: (b) => zipHoldsEntry(b, 'ppt/')
	},
	{
		mediaType: 'application/vnd.oasis.opendocument.text',
		extensions: ['odt'],
		matches: (b) => zipHoldsEntry(b, 'application/vnd.oasis.opendocument.text')
	},
	{
		mediaType: 'application/vnd.oasis.opendocument.spreadsheet',
		extensions: ['ods'],
		matches: (b) => zipHoldsEntry(b, 'application/vnd.oasis.opendocument.spreadsheet')
	},
	{
		mediaType: 'application/msword',
		extensions: ['doc'],
		matches: (b) => startsWith(b, oleSignature)
	},
	{
		mediaType: 'application/vnd.ms-excel',
		extensions: ['xls'],
		matches: (b) => startsWith(b, oleSignature)
	}
];

/** For the file input's `accept`. */
export const attachmentAccept = acceptedAttachmentTypes
	.flatMap((t) => t.extensions.map((e) => `.${e}`))
	.join(',');

export type AttachmentCheck =
	| { valid: true; fileName: string; mediaType: string; byteSize: number; sha256: string }
	| {
			valid: false;
			reason: 'empty' | 'too_large' | 'type_not_allowed' | 'signature_mismatch' | 'bad_name';
	  };

// C0 controls and DEL, built from code points so no control character sits in the source.
const controlCharacters = new RegExp(
	`[${String.fromCharCode(0)}-${String.fromCharCode(0x1f)}${String.fromCharCode(0x7f)}]`,
	'g'
);

/** Judges one uploaded file: its size, its extension and its signature. */
export function checkAttachment(fileName: string, bytes: Uint8Array): AttachmentCheck {
	// Only the last path segment, no control characters: the name is shown and sent back in
	// a content-disposition header.
	const name = fileName.split(/[\\/]/).pop()!.replace(controlCharacters, '').trim();
	if (name.length === 0 || name.length > 255) return { valid: false, reason: 'bad_name' };
	if (bytes.length === 0) return { valid: false, reason: 'empty' };
	if (bytes.length > maxAttachmentBytes) return { valid: false, reason: 'too_large' };
	const extension = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase();
	const candidates = acceptedAttachmentTypes.filter(
		(t) => extension && t.extensions.includes(extension)
	);
	if (candidates.length === 0) return { valid: false, reason: 'type_not_allowed' };
	const type = candidates.find((t) => t.matches(bytes));
	if (!type) return { valid: false, reason: 'signature_mismatch' };
	return {
		valid: true,
		fileName: name,
		mediaType: type.mediaType,
		byteSize: bytes.length,
		sha256: createHash('sha256').update(bytes).digest('hex')
	};
}
