/** English of `../th/a11y.ts` (the Thai is the source of the keys). */
import type { th } from '../th/a11y';

export const en: Record<keyof typeof th, string> = {
	skipToContent: 'Skip to main content',
	laoTimelineSummary: 'Coordination with this LAO',
	zoneTimelineHeading: 'Coordination about this zone'
};
