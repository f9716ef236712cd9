/**
 * The browser loads messages per language and per bundle, so the first view of the public map
 * carries only its own words in its own language (issue 19 item 5): `firstView` for the root
 * layout, the error page and `/`; `pages` for everything else. A language switch reloads the page,
 * so one language is loaded per visit (the decision memo, always in Thai, asks for Thai as well).
 */
import type { Locale } from './index';
// Thai is the interface's first language: its first-view words come with the app's own code (no
// round trip of their own before the first page is drawn); the rest is fetched when needed.
import { th as thFirstView } from './messages/th/first-view';

export type MessageBundle = 'firstView' | 'pages';

/** `import()` with literal paths, one chunk per language and bundle (Thai's first view: above). */
export const bundleImports: Record<Locale, Record<MessageBundle, () => Promise<object>>> = {
	th: {
		firstView: () => Promise.resolve(thFirstView),
		pages: () => import('./messages/th/pages').then((m) => m.th)
	},
	en: {
		firstView: () => import('./messages/en/first-view').then((m) => m.en),
		pages: () => import('./messages/en/pages').then((m) => m.en)
	}
};

/** The bundles a route needs: the map's first view its own, every other page all of them. */
export function bundlesOfRoute(routeId: string | null): MessageBundle[] {
	return routeId === '/(public)' ? ['firstView'] : ['firstView', 'pages'];
}
