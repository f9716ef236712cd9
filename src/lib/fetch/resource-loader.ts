/**
 * The abortable fetch behind `resource` (resource.svelte.ts), without runes so that it can be
 * tested in Node against a real server. One request at a time: asking for another key aborts the
 * one in flight, and an aborted answer never lands (a late answer for the previous LAO must not
 * overwrite the current one's); `stop` aborts for good (the component is destroyed).
 */

/** What a component shows: the data, the failure, or that it is still loading. */
export interface ResourceState<T> {
	/** The last answer for the current key, undefined before it arrives. */
	data: T | undefined;
	/** Why the current key's request failed (HTTP status or network), undefined otherwise. */
	error: Error | undefined;
	loading: boolean;
}

/** Reads one key: by default `key` is a URL answered with JSON. */
export type ResourceFetcher<T> = (key: string, signal: AbortSignal) => Promise<T>;

export interface ResourceLoader {
	/** Requests `key` (aborting any request in flight); `null` clears the state and asks nothing. */
	load(key: string | null): void;
	/** Aborts the request in flight; its answer is dropped. */
	stop(): void;
}

/**
 * GET `url` and parse its JSON; a status outside 200–299 is a failure naming the status. Also
 * for one-off reads outside a resource (a layer fetched on a click), without a signal.
 */
export async function fetchJson<T>(url: string, signal?: AbortSignal): Promise<T> {
	const response = await fetch(url, { signal, headers: { accept: 'application/json' } });
	if (!response.ok) throw new Error(`HTTP ${response.status} from ${url}`);
	return (await response.json()) as T;
}

export const idleResource: ResourceState<never> = {
	data: undefined,
	error: undefined,
	loading: false
};

/**
 * A loader that reports every change of state to `onchange` (a rune's setter in the browser).
 * Failures are also written to the console with `label`, as the hand-rolled fetches did.
 */
export function resourceLoader<T>(
	onchange: (state: ResourceState<T>) => void,
	options: { fetcher?: ResourceFetcher<T>; label?: string } = {}
): ResourceLoader {
	const fetcher = options.fetcher ?? fetchJson<T>;
	let current: AbortController | undefined;
	return {
		load(key) {
			current?.abort();
			current = undefined;
			if (key === null) {
				onchange(idleResource);
				return;
			}
			const request = (current = new AbortController());
			onchange({ data: undefined, error: undefined, loading: true });
			fetcher(key, request.signal).then(
				(data) => {
					if (!request.signal.aborted) onchange({ data, error: undefined, loading: false });
				},
				(caught: unknown) => {
					if (request.signal.aborted) return;
					const error = caught instanceof Error ? caught : new Error(String(caught));
					console.warn(`${options.label ?? 'Request'} failed:`, error);
					onchange({ data: undefined, error, loading: false });
				}
			);
		},
		stop() {
			current?.abort();
			current = undefined;
		}
	};
}
