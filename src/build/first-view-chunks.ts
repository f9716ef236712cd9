import path from 'node:path';
import type { Plugin } from 'vite';

/**
 * The modules the browser needs on every page (the SvelteKit runtime, Svelte, the root layout
 * and the error page) and those the public map's first view adds (`/`), each set found by
 * following static imports from the route files. Issue 19 item 5: without this the first view
 * fetched its code in 22 chunks of a few hundred bytes each, many of them smaller than their own
 * response headers; grouped, it is four entries and two chunks. Other pages keep their own chunks.
 */
export function firstViewChunks(): { plugin: Plugin; groups: { name: string; test: (id: string) => boolean }[] } {
	const everyPage = new Set<string>();
	const publicMap = new Set<string>();
	let clientBuild = false;
	const routes = path.resolve('src/routes');
	const plugin: Plugin = {
		name: 'sedz:first-view-chunks',
		apply: 'build',
		configResolved(config) {
			clientBuild = !config.build.ssr;
		},
		buildEnd() {
			if (!clientBuild) return;
			const closure = (seeds: string[], into: Set<string>, except: Set<string>) => {
				const queue = seeds.filter((id) => this.getModuleInfo(id));
				while (queue.length > 0) {
					const id = queue.pop()!;
					if (into.has(id) || except.has(id)) continue;
					into.add(id);
					queue.push(...(this.getModuleInfo(id)?.importedIds ?? []));
				}
			};
			const ids = [...this.getModuleIds()];
			const entries = ids.filter((id) => this.getModuleInfo(id)?.isEntry);
			// The entries stay entries: only what they import statically is grouped.
			const entryImports = entries.flatMap((id) =>
				/[\\/]nodes[\\/]\d+\.js$/.test(id) ? [] : (this.getModuleInfo(id)?.importedIds ?? [])
			);
			const route = (file: string) => path.join(routes, file);
			closure(
				[...entryImports, route('+layout.svelte'), route('+layout.ts'), route('+error.svelte')],
				everyPage,
				new Set(entries)
			);
			closure([route('(public)/+page.svelte')], publicMap, new Set([...entries, ...everyPage]));
		}
	};
	return {
		plugin,
		groups: [
			{ name: 'every-page', test: (id) => everyPage.has(id) },
			{ name: 'public-map', test: (id) => publicMap.has(id) }
		]
	};
}
