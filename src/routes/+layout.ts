import { bundlesOfRoute } from '$lib/i18n/bundles';
import { loadMessages } from '$lib/i18n';
import type { LayoutLoad } from './$types';

// The page's words in its language, before it is drawn: in the browser only the bundles the route
// needs are fetched (the map's first view carries its own words only); on the server all are there.
export const load: LayoutLoad = async ({ data, route }) => {
	await loadMessages(data.locale, bundlesOfRoute(route.id));
	return data;
};
