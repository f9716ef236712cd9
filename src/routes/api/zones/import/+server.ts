import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { readConfig } from '$lib/server/config';
import { invalid } from '$lib/server/domain-errors';
import { bodyTooLarge, isBodyOverLimit } from '$lib/server/http/request-body';
import { apiErrorResponse } from '$lib/server/http/route-errors';
import { maxZoneFileBytes } from '$lib/server/zones/zone-files';
import { importZoneFile } from '$lib/server/zones/zone-workspace.service';
import { parseZoneInput } from '$lib/server/zones/zone.params';
import { provinceCodeSchema } from '$lib/zones/zone-input';
import type { RequestHandler } from './$types';

const importForm = z.object({
	provinceCode: provinceCodeSchema,
	file: z.instanceof(File, { message: 'attach the zone file as `file`' })
});

/**
 * A zone file (multipart: `file`, `provinceCode`) read to `{ geometry, warnings }` for the
 * workspace to show and save; 400 with problems naming the feature. Nothing is saved here.
 */
export const POST: RequestHandler = async ({ request, locals }) => {
	try {
		// Refuse by the declared length before reading a huge body into memory.
		const declared = Number(request.headers.get('content-length') ?? 0);
		if (declared > maxZoneFileBytes + 64 * 1024) {
			throw invalid([
				{
					rule: 'file.too_large',
					field: 'file',
					message: `The upload is ${(declared / 1024 / 1024).toFixed(1)} MB; at most ${maxZoneFileBytes / 1024 / 1024} MB is accepted`
				}
			]);
		}
		let form: FormData;
		try {
			form = await request.formData();
		} catch (error) {
			if (isBodyOverLimit(error)) throw bodyTooLarge(readConfig().BODY_SIZE_LIMIT);
			throw invalid([
				{ rule: 'input.invalid', field: 'body', message: 'Send the file as multipart/form-data' }
			]);
		}
		const { provinceCode, file } = parseZoneInput(importForm, {
			provinceCode: form.get('provinceCode'),
			file: form.get('file')
		});
		const parsed = await importZoneFile({
			actor: locals.user ?? null,
			provinceCode,
			fileName: file.name,
			bytes: new Uint8Array(await file.arrayBuffer())
		});
		return json(parsed);
	} catch (caught) {
		return apiErrorResponse(caught);
	}
};
