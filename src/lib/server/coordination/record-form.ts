import type { Parsed } from '$lib/problem';
import { formValues, problemsOf, recordInput, type RecordInput } from './coordination.schemas';
import type { UploadedFile } from './coordination.service';

/**
 * A record form post (new record, reply) read into the service's input: the fields through
 * zod, the files as bytes. Problems name their field; routes answer 400 with them.
 */
export async function readRecordForm(
	request: Request,
	extra: Record<string, unknown> = {}
): Promise<Parsed<{ input: RecordInput; files: UploadedFile[] }>> {
	const form = await request.formData();
	const parsed = recordInput.safeParse({ ...formValues(form), ...extra });
	if (!parsed.success) return { ok: false, problems: problemsOf(parsed.error) };
	const files: UploadedFile[] = [];
	for (const value of form.getAll('attachments')) {
		// An empty file input still sends one nameless, empty part.
		if (!(value instanceof File) || (value.size === 0 && value.name === '')) continue;
		files.push({ fileName: value.name, bytes: new Uint8Array(await value.arrayBuffer()) });
	}
	return { ok: true, value: { input: parsed.data, files } };
}
