/** Series colours of the dashboard charts, from the design tokens' hues (distinct in grey print too). */
export const seriesColours = {
	approved: '#1f5f3f',
	submitted: '#1864ab',
	draft: '#adb5bd',
	returned: '#e8a200',
	rejected: '#b3261e',
	withdrawn: '#6c757d',
	onTime: '#1e6b30',
	late: '#c92a2a',
	planned: '#9fc2ae',
	disbursed: '#1f5f3f',
	reported: '#1864ab'
} as const;
