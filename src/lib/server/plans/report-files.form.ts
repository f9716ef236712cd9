import { z } from 'zod';
import { problemsOfZod } from '../../problem';
import { readConfig } from '../config';
import { invalid } from '../domain-errors';
import { bodyTooLarge, isBodyOverLimit } from '../http/request-body';
import type { UploadedReportFile } from './report-attachment.service';

/**
 * Multipart bodies of report files, read at the route's boundary into the service's input:
 * the text fields through zod (a refusal names the field), the files as bytes. The service
 * judges the files themselves.
 *
 * - the API (`POST /api/zones/{id}/reports/{period}/attachments`): `file` (one or more),
 *   `caption` and `public` (`true`/`false`, `on`, `1`/`0`) for all of them;
 * - the report page's form: rows `file.N` (each a file input that takes several files),
 *   `caption.N` and `public.N`, so a filer gives each file or group its own caption without
 *   JavaScript.
 */

const flag = z
	.enum(['true', 'false', 'on', 'off', '1', '0', ''])
	.optional()
	.transform((v) => v === 'true' || v === 'on' || v === '1');
const caption = z.string().max(500, 'at most 500 characters').optional();

async function formDataOf(request: Request): Promise<FormData> {
	const type = request.headers.get('content-type') ?? '';
	if (!/^multipart\/form-data|^application\/x-www-form-urlencoded/i.test(type))
		throw invalid(
			[{ rule: 'input.invalid', field: 'body', message: 'Send the files as multipart/form-data' }],
			'The body is not multipart/form-data'
		);
	try {
		return await request.formData();
	} catch (error) {
		if (isBodyOverLimit(error)) throw bodyTooLarge(readConfig().BODY_SIZE_LIMIT);
		throw invalid([
			{ rule: 'input.invalid', field: 'body', message: 'The body is not a readable form' }
		]);
	}
}

const text = (value: FormDataEntryValue | null) => (typeof value === 'string' ? value : undefined);

async function filesOf(
	values: FormDataEntryValue[]
): Promise<{ fileName: string; bytes: Uint8Array }[]> {
	const files = [];
	for (const value of values) {
		// An empty file input still sends one nameless, empty part.
		if (!(value instanceof File) || (value.size === 0 && value.name === '')) continue;
		files.push({ fileName: value.name, bytes: new Uint8Array(await value.arrayBuffer()) });
	}
	return files;
}

function parseFields(values: Record<string, string | undefined>, prefix: string) {
	const parsed = z.object({ caption, public: flag }).safeParse(values);
	if (!parsed.success)
		throw invalid(
			problemsOfZod(parsed.error, {
				rule: 'input.invalid',
				message: (issue, field) => `${prefix}${field ?? 'body'}: ${issue.message}`
			}).map((p) => ({ ...p, field: `${prefix}${p.field ?? ''}` })),
			'The form needs correcting'
		);
	return { caption: parsed.data.caption ?? '', isPublic: parsed.data.public };
}

/** The API's body: `file` parts sharing one `caption` and `public`. */
export async function readApiFiles(request: Request): Promise<UploadedReportFile[]> {
	const form = await formDataOf(request);
	const fields = parseFields(
		{ caption: text(form.get('caption')), public: text(form.get('public')) },
		''
	);
	return (await filesOf(form.getAll('file'))).map((f) => ({ ...f, ...fields }));
}

/** Most rows the page's form offers. */
const maxRows = 10;

/** The page's form: rows `file.N`, `caption.N`, `public.N`. */
export async function readPageFiles(request: Request): Promise<UploadedReportFile[]> {
	const form = await formDataOf(request);
	const files: UploadedReportFile[] = [];
	for (let row = 0; row < maxRows; row++) {
		const chosen = await filesOf(form.getAll(`file.${row}`));
		if (chosen.length === 0) continue;
		const fields = parseFields(
			{ caption: text(form.get(`caption.${row}`)), public: text(form.get(`public.${row}`)) },
			`rows.${row}.`
		);
		files.push(...chosen.map((f) => ({ ...f, ...fields })));
	}
	return files;
}
