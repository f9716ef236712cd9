/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
import { version } from '$service-worker';
import { offlineCacheName, offlineCachePrefix } from '$lib/offline/offline-cache';

/**
 * The service worker of the monthly report form (issue 16 item 3): an LAO officer in the field
 * opens the form, fills it and attaches photos with no network. It is registered by the report
 * page only (`svelte.config.js` turns SvelteKit's automatic registration off), with the scope
 * `/plan/`: the public map never installs it and never downloads a cache it does not need.
 *
 * - The report pages (and their `__data.json`) are fetched from the network first and kept, so
 *   the last version seen opens offline;
 * - the app's immutable chunks and fonts the page loaded (the page keeps them in the same cache,
 *   `$lib/offline/offline-cache.ts`) are served from the cache first: their names change with
 *   their content;
 * - everything else (tiles, the API, other pages) goes to the network as usual.
 * Saving offline is the page's work (`$lib/offline/report-queue.ts`), not this worker's.
 */
const worker = self as unknown as ServiceWorkerGlobalScope;
const cacheName = offlineCacheName(version);
const reportPage = /^\/plan\/zones\/\d+\/reports\/\d{4}-\d{2}(\/__data\.json)?$/;

worker.addEventListener('install', () => void worker.skipWaiting());

worker.addEventListener('activate', (event) => {
	event.waitUntil(
		(async () => {
			for (const name of await caches.keys())
				if (name.startsWith(offlineCachePrefix) && name !== cacheName) await caches.delete(name);
			await worker.clients.claim();
		})()
	);
});

async function cacheFirst(request: Request): Promise<Response> {
	const cache = await caches.open(cacheName);
	const cached = await cache.match(request);
	if (cached) return cached;
	const response = await fetch(request);
	if (response.ok) await cache.put(request, response.clone());
	return response;
}

async function networkFirst(request: Request): Promise<Response> {
	const cache = await caches.open(cacheName);
	try {
		const response = await fetch(request);
		if (response.ok) await cache.put(request, response.clone());
		return response;
	} catch (error) {
		const cached = await cache.match(request, { ignoreSearch: true });
		if (cached) return cached;
		throw error;
	}
}

worker.addEventListener('fetch', (event) => {
	const { request } = event;
	if (request.method !== 'GET') return;
	const url = new URL(request.url);
	if (url.origin !== location.origin) return;
	if (url.pathname.startsWith('/_app/immutable/')) event.respondWith(cacheFirst(request));
	else if (reportPage.test(url.pathname)) event.respondWith(networkFirst(request));
});
