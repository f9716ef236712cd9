/** English of `../th/errorPages.ts` (the Thai is the source of the keys). */
import type { th } from '../th/errorPages';

export const en: Record<keyof typeof th, string> = {
	errorTitle_400: 'Bad request',
	errorBody_400: 'The link carried data that is not valid. Go back and try again.',
	errorTitle_403: 'You may not open this page',
	errorBody_403:
		'Your account may not open this page. If you think it should, ask DLA’s system administrator.',
	errorBody_403_signedOut: 'This page is for officials: please log in first.',
	errorTitle_404: 'Page not found',
	errorBody_404:
		'There is no such page, or you may not see it (a zone not yet approved is seen only by the officials concerned).',
	errorTitle_429: 'Too many requests',
	errorBody_429: 'Please wait a moment and try again.',
	errorTitle_500: 'Something went wrong',
	errorBody_500:
		'The system failed. Nothing already saved is lost. Try again; if it happens again, tell the system administrator the time it happened.',
	errorTitle_503: 'Not ready yet',
	errorBody_503: 'The system is starting or importing data. Try again in a moment.',
	errorStatus: 'Error code {status}',
	errorHome: 'Home',
	errorLogIn: 'Log in'
};
