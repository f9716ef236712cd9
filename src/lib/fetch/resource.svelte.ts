import {
	idleResource,
	resourceLoader,
	type ResourceFetcher,
	type ResourceState
} from './resource-loader';

/**
 * One fetched resource for a component (issue 14, item 6): `key()` is read in an effect, so the
 * request follows it (a new LAO code, a new pair of revisions), the request in flight is aborted
 * when the key changes or the component is destroyed, and a late answer never overwrites the
 * current one. Call it while the component initialises:
 *
 *     const score = resource(() => `/api/scores/lao/${encodeURIComponent(dlaCode)}`);
 *     {#if score.data}…{:else if score.error}…{/if}
 *
 * `key` may return null to ask nothing. By default the key is a URL answered with JSON; pass
 * `fetcher` to read something else (two requests at once, a typed API client).
 */
export function resource<T>(
	key: () => string | null,
	options: { fetcher?: ResourceFetcher<T>; label?: string } = {}
): Readonly<ResourceState<T>> {
	let state = $state.raw<ResourceState<T>>(idleResource);
	const loader = resourceLoader<T>((next) => (state = next), options);
	$effect(() => {
		loader.load(key());
		return () => loader.stop();
	});
	return {
		get data() {
			return state.data;
		},
		get error() {
			return state.error;
		},
		get loading() {
			return state.loading;
		}
	};
}
