import type { PageServerLoad } from './$types';

// The PDPA notice: static text, in the visitor's language (the layout provides the locale).
export const load: PageServerLoad = () => ({});
