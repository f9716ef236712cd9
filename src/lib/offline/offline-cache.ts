/**
 * The one cache the report form's service worker serves from (`src/service-worker.ts`) and the
 * report page fills (`OfflineReport.svelte`): named by the build, so a new build's worker drops
 * the old one. The page fills it itself (the Cache API is shared with the worker): no message
 * round trip to a worker that may not be running yet.
 */
export const offlineCachePrefix = 'sedz-offline-';
export const offlineCacheName = (buildVersion: string) => `${offlineCachePrefix}${buildVersion}`;

/** Keeps `urls` (same origin) in the cache, fetching those it does not hold yet. */
export async function keepForOffline(buildVersion: string, urls: readonly string[]) {
	const cache = await caches.open(offlineCacheName(buildVersion));
	await Promise.all(
		urls.map(async (url) => {
			if (await cache.match(url)) return;
			const response = await fetch(url, { credentials: 'same-origin' });
			if (response.ok) await cache.put(url, response);
		})
	);
}
