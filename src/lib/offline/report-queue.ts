import { createStore, del, get, set, type UseStore } from 'idb-keyval';
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
	/** `zoneId:period`: one queued save per report (a newer one replaces it). */
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
