import { createStore, del, get, keys, set, type UseStore } from 'idb-keyval';
import { deserialize } from '$app/forms';
import type { ActionResult } from '@sveltejs/kit';

/**
 * Monthly reports filed with no network (issue 16 item 3): the form's fields and files, kept in
 * the browser's IndexedDB until they can be sent. IndexedDB holds files as they are (Blobs), so
 * three 3 MB photos wait beside the figures. idb-keyval (Jake Archibald's 600-byte promise
 * wrapper, the one the IndexedDB articles on web.dev use) is all the storage this needs: one
 * record per report, read and written whole.
 *
 * A queued report is sent to the same form action the page posts to, so the server judges it
 * exactly as a save made online: the version it started from, the figures, the files. A report
 * someone else saved meanwhile is refused with both versions (409) and stays queued until its
 * filer has seen them; nothing is overwritten silently.
 */

export interface QueuedReport {
	/**
	 * `zoneId:period` for the report's save (a newer one replaces it); `zoneId:period:files:N`
	 * for each batch of photos and documents, sent after the save in the order they were added.
	 */
	key: string;
	/** The form action the page would have posted to: `/plan/zones/3/reports/2026-11?/save`. */
	action: string;
	/** The form's fields in order, files included. */
	fields: [string, FormDataEntryValue][];
	/** ISO time it was saved on this device. */
	queuedAt: string;
	/** waiting: to be sent; conflict or refused: the server said why, the filer decides. */
	state: 'waiting' | 'conflict' | 'refused';
}

let store: UseStore | undefined;
const reports = () => (store ??= createStore('sedz-offline', 'reports'));

export function queuedReport(key: string): Promise<QueuedReport | undefined> {
	return get<QueuedReport>(key, reports());
}

/** The file batches kept for the report `key`, oldest first. */
export async function queuedFileBatches(key: string): Promise<QueuedReport[]> {
	const prefix = `${key}:files:`;
	const found = (await keys<string>(reports())).filter((k) => k.startsWith(prefix));
	found.sort((a, b) => Number(a.slice(prefix.length)) - Number(b.slice(prefix.length)));
	const items = await Promise.all(found.map((k) => get<QueuedReport>(k, reports())));
	return items.filter((item): item is QueuedReport => item !== undefined);
}

/** Keeps a batch of files for the report `key` (each batch is sent on its own). */
export function queueFileBatch(key: string, action: string, formData: FormData) {
	return queueReport(`${key}:files:${Date.now()}`, action, formData);
}

export async function queueReport(key: string, action: string, formData: FormData) {
	const item: QueuedReport = {
		key,
		action,
		fields: [...formData.entries()],
		queuedAt: new Date().toISOString(),
		state: 'waiting'
	};
	await set(key, item, reports());
	return item;
}

export function markQueuedReport(item: QueuedReport, state: QueuedReport['state']) {
	return set(item.key, { ...item, state }, reports());
}

export function dropQueuedReport(key: string) {
	return del(key, reports());
}

/**
 * Posts a queued report to its form action as `use:enhance` would; `unreachable` when the
 * network (or the server) cannot be reached, so it waits for the next try.
 */
export async function sendQueuedReport(item: QueuedReport): Promise<ActionResult | 'unreachable'> {
	const body = new FormData();
	for (const [name, value] of item.fields) body.append(name, value);
	let response: Response;
	try {
		response = await fetch(item.action, {
			method: 'POST',
			body,
			headers: { accept: 'application/json', 'x-sveltekit-action': 'true' },
			cache: 'no-store'
		});
	} catch {
		return 'unreachable';
	}
	if (response.status >= 500) return 'unreachable';
	return deserialize(await response.text());
}
