import { loadMessages } from '$lib/i18n';
import type { PageLoad } from './$types';

// The decision memo is an official document in Thai whatever the page's language.
export const load: PageLoad = async ({ data }) => {
	await loadMessages('th', ['firstView', 'pages']);
	return data;
};
